from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import HOLDER_PROFILE_FIELDS, Answer, Application, Attachment, Call, Question, StatusChange
from .selectors import call_has_submissions

HOLDER_PROFILE_PREFIX = "holder_"


def _mentions_holder_profile(path: str) -> bool:
    """True for any lookup, ordering or search path touching a holder profile field, directly or through a
    relation (`holder_gender__in`, `-holder_age_band`, `application__holder_gender`…)."""
    return any(part.lstrip("-^=@").startswith(HOLDER_PROFILE_PREFIX) for part in path.split(LOOKUP_SEP))


class QuestionInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        deleted = [form for form in self.forms if form.instance.pk and self._should_delete_form(form)]
        if deleted and self.instance.pk and call_has_submissions(call=self.instance):
            # Deleting a question would delete the answers of files already sent to the programme team.
            raise ValidationError(
                _(
                    "Des candidatures ont déjà été envoyées à cet appel : ses questions ne peuvent plus être "
                    "supprimées, car leurs réponses seraient perdues. Vous pouvez encore corriger leur intitulé "
                    "ou leur aide."
                )
            )


class QuestionInline(admin.StackedInline):
    model = Question
    formset = QuestionInlineFormSet
    extra = 0
    fields = [("label", "kind", "required", "order"), "help_text", "choices"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "track", "opens_at", "closes_at", "is_published", "application_count"]
    list_filter = ["track", "is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_at"
    inlines = [QuestionInline]

    def view_on_site(self, obj):
        # Only a published call has a public page; an unpublished one would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_count=Count("applications"))

    @admin.display(description=_("candidatures"), ordering="application_count")
    def application_count(self, obj):
        return obj.application_count


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Answers, documents and status history are part of the application: whoever may view it sees them,
        # without a separate permission on each of these models.
        return self.admin_site.get_model_admin(self.parent_model).has_view_permission(request, obj)


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "before", "after", "by", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("historique des statuts")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "display_value"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description=_("réponse"))
    def display_value(self, obj):
        return obj.display_value


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["kind", "download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("fichier"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class PriorityAreaFilter(admin.SimpleListFilter):
    title = _("quartier prioritaire")
    parameter_name = "qpv"

    def lookups(self, request, model_admin):
        return [("yes", _("Au moins un quartier prioritaire")), ("no", _("Aucun quartier prioritaire"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(neighbourhoods__is_priority_area=True).distinct()
        if self.value() == "no":
            return queryset.exclude(neighbourhoods__is_priority_area=True)
        return queryset


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["project_name", "applicant", "call", "status", "stage", "neighbourhood_list", "submitted_at"]
    list_filter = ["call", "status", "stage", "neighbourhoods", PriorityAreaFilter]
    list_select_related = ["call", "applicant"]
    search_fields = ["project_name", "summary", "applicant__email", "applicant__full_name"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    inlines = [AnswerInline, AttachmentInline, StatusChangeInline]
    # The application's own page belongs to its applicant: staff would get a 404 there.
    view_on_site = False
    # Status changes go through the transition service (admin actions of the selection workflow), never a field.
    readonly_fields = ["status", "applicant", "call", "submitted_at", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("neighbourhoods")

    @admin.display(description=_("quartiers"))
    def neighbourhood_list(self, obj):
        return format_html_join(
            ", ",
            "{}{}",
            ((n.name, " (QPV)" if n.is_priority_area else "") for n in obj.neighbourhoods.all()),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["call", "applicant", "status", "submitted_at"]}),
            (_("Le projet"), {"fields": ["project_name", "summary", "stage", "legal_form"]}),
            (_("Le besoin"), {"fields": ["social_need", "target_public", "neighbourhoods"]}),
            (_("L'équipe"), {"fields": ["team"]}),
            (
                _("Modèle économique et emplois"),
                {
                    "fields": [
                        "economic_model",
                        "funding_need",
                        ("jobs_at_12_months", "inclusive_jobs_at_12_months"),
                        ("jobs_at_36_months", "inclusive_jobs_at_36_months"),
                    ]
                },
            ),
            (_("Accompagnement"), {"fields": ["support_needs", "support_needs_details"]}),
        ]
        if self.can_view_holder_profile(request):
            fieldsets.append((_("Profil des porteurs (statistiques)"), {"fields": HOLDER_PROFILE_FIELDS}))
        fieldsets.append((_("Dates"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}))
        return fieldsets

    def get_exclude(self, request, obj=None):
        return [] if self.can_view_holder_profile(request) else HOLDER_PROFILE_FIELDS

    @staticmethod
    def can_view_holder_profile(request) -> bool:
        return request.user.has_perm("applications.view_holder_profile")

    # The holders' profile must not leak through the changelist's URL either: filtering on it
    # (`?holder_gender=woman`), sorting or searching by it would tell a jury member who is who.

    def lookup_allowed(self, lookup, value, request=None):
        if _mentions_holder_profile(lookup) and (request is None or not self.can_view_holder_profile(request)):
            # The changelist turns this refusal into a 400 (DisallowedModelAdminLookup).
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self.can_view_holder_profile(request):
            return fields
        return [field for field in fields if not _mentions_holder_profile(field)]

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        if self.can_view_holder_profile(request):
            return sortable
        return [name for name in sortable if not _mentions_holder_profile(name)]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self.can_view_holder_profile(request):
            return filters
        # A filter's facet counts (`?_facets=1`) would tell how many holders are women, per option.
        return [item for item in filters if not (isinstance(item, str) and _mentions_holder_profile(item))]

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if self.can_view_holder_profile(request):
            return columns
        return [name for name in columns if not (isinstance(name, str) and _mentions_holder_profile(name))]

    def has_add_permission(self, request):
        return False
