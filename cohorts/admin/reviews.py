from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications.models import Application

from .. import selectors, services
from ..forms import criterion_field_name, review_scoring_form_class
from ..models import Criterion, Review, Score
from .common import NotFoundOutsideQuerysetMixin, ReadOnlyInline


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "display_value"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        # The scores are part of the review: whoever may view the review sees them.
        return self.admin_site.get_model_admin(Review).has_view_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")

    @admin.display(description=_("note"))
    def display_value(self, obj):
        return _("Sans objet") if obj.value is None else f"{obj.value} / 4"


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("À évaluer")), ("submitted", _("Évaluée")), ("conflict", _("Conflit d'intérêts"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(submitted_at__isnull=True, conflict_of_interest=False)
        if self.value() == "submitted":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "conflict":
            return queryset.filter(conflict_of_interest=True)
        return queryset


# What a reviewer reads of the file: the project only, never the holders' profile (funders' statistics).
APPLICATION_FILE_FIELDS = [
    "summary",
    "stage",
    "legal_form",
    "social_need",
    "target_public",
    "team",
    "economic_model",
    "funding_need",
    "jobs_at_12_months",
    "inclusive_jobs_at_12_months",
    "jobs_at_36_months",
    "inclusive_jobs_at_36_months",
    "support_needs_details",
]


@admin.register(Review)
class ReviewAdmin(NotFoundOutsideQuerysetMixin, admin.ModelAdmin):
    list_display = ["application", "call", "reviewer", "state", "recommendation", "submitted_at"]
    list_filter = [ReviewStateFilter, "recommendation", "application__call"]
    list_select_related = ["application__call", "reviewer"]
    search_fields = ["application__project_name", "reviewer__email", "reviewer__full_name"]
    show_full_result_count = False
    inlines = [ScoreInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("application__call", "reviewer")
        # Jury members see their own reviews only: others' files are a 404, others' scores stay hidden.
        return selectors.reviews_visible_to(queryset, user=request.user)

    @admin.display(description=_("appel"), ordering="application__call")
    def call(self, obj):
        return obj.application.call

    @admin.display(description=_("état"))
    def state(self, obj):
        return obj.state_label

    @admin.display(description=_("le dossier"))
    def application_file(self, obj):
        application = obj.application
        rows = []
        for name in APPLICATION_FILE_FIELDS:
            field = Application._meta.get_field(name)
            value = getattr(application, f"get_{name}_display")() if field.choices else getattr(application, name)
            if value not in (None, ""):
                rows.append((field.verbose_name, value))
        rows.append((_("quartiers concernés"), ", ".join(n.name for n in application.neighbourhoods.all()) or "—"))
        # The labels are lazy translations: str.join needs them as text.
        rows.append((_("besoins d'accompagnement"), ", ".join(map(str, application.support_need_labels)) or "—"))
        rows += [
            (answer.question.label, answer.display_value or "—")
            for answer in application.answers.select_related("question").order_by("question__order", "question__pk")
        ]
        return format_html(
            "<h3>{}</h3><dl>{}</dl>",
            application.project_name,
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((label, linebreaksbr(value)) for label, value in rows)),
        )

    def _scores_open_to(self, request, obj) -> bool:
        return obj is not None and obj.reviewer_id == request.user.pk and obj.is_open

    def has_add_permission(self, request):
        return False  # reviews are assigned from the applications' list

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._scores_open_to(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is None or obj.is_open else self.inlines

    def get_readonly_fields(self, request, obj=None):
        if self._scores_open_to(request, obj):
            return ["application_file"]
        return [
            "application_file",
            "reviewer",
            "state",
            "recommendation",
            "comment",
            "conflict_reason",
            "submitted_at",
            "created_at",
            "assigned_by",
        ]

    def _criteria(self, obj) -> list[Criterion]:
        return list(Criterion.objects.filter(call_id=obj.application.call_id).order_by("order", "pk"))

    def get_fieldsets(self, request, obj=None):
        if self._scores_open_to(request, obj):
            return [
                (None, {"fields": ["application_file"]}),
                (_("Vos notes (0 à 4)"), {"fields": [criterion_field_name(c) for c in self._criteria(obj)]}),
                (_("Votre avis"), {"fields": ["recommendation", "comment"]}),
                (_("Conflit d'intérêts"), {"fields": ["declare_conflict", "conflict_reason"]}),
            ]
        return [
            (None, {"fields": ["reviewer", "state", "submitted_at", ("created_at", "assigned_by")]}),
            (_("Avis"), {"fields": ["recommendation", "comment", "conflict_reason"]}),
            (_("Le dossier"), {"fields": ["application_file"], "classes": ["collapse"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._scores_open_to(request, obj):
            kwargs["form"] = review_scoring_form_class(self._criteria(obj))
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if data.get("declare_conflict"):
            services.review_declare_conflict(review=obj, by=request.user, reason=data["conflict_reason"])
        else:
            services.review_submit(
                review=obj,
                by=request.user,
                scores=form.scores(),
                recommendation=data["recommendation"],
                comment=data.get("comment") or "",
            )
