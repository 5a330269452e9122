from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import exports, selectors, services
from .enums import RegistrationStatus
from .forms import EventAdminForm
from .models import Contribution, Event, EventQuestion, Registration, Table
from .views.common import table_assignment_message


def seat_at_tables(model_admin, request, events, *, only_newcomers: bool | None) -> None:
    """The tables page's seating, event by event, with its message: by default only the people without a table
    are seated once someone is; `only_newcomers=False` seats everyone afresh."""
    for event in events:
        level, text = table_assignment_message(services.tables_assign(event=event, only_newcomers=only_newcomers))
        model_admin.message_user(request, _("%(event)s : %(message)s") % {"event": event, "message": text}, level)


class EventQuestionInline(admin.StackedInline):
    model = EventQuestion
    extra = 0
    fields = [("order", "kind", "required"), "label", "help_text", "choices"]


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    fields = ["order", "name", "topic", "host", "seats"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "starts_at",
        "neighbourhood",
        "capacity",
        "confirmed_count",
        "waitlisted_count",
        "published",
        "synthesis_published",
    ]
    list_filter = ["kind", "audience", "published", "synthesis_published", "neighbourhood"]
    list_select_related = ["neighbourhood"]
    autocomplete_fields = ["cohort"]
    search_fields = ["title", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [EventQuestionInline, TableInline]
    readonly_fields = ["staff_links", "date_changed_at", "created_at", "updated_at"]
    actions = [
        "assign_tables",
        "reassign_tables",
        "publish_synthesis",
        "unpublish_synthesis",
        "export_registrations_xlsx",
        "export_registrations_csv",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "programme", "published", "staff_links"]}),
        (_("Date et lieu"), {"fields": [("starts_at", "ends_at"), "venue", "address", "neighbourhood", "accessibility_info"]}),
        (
            _("Inscriptions"),
            {
                "fields": [
                    ("audience", "cohort"),
                    "capacity",
                    ("registration_opens_at", "registration_closes_at"),
                ]
            },
        ),
        (_("Synthèse"), {"fields": ["synthesis_published", "synthesis_text"]}),
        (_("Suivi"), {"fields": ["date_changed_at", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
                waitlisted_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
            )
        )

    @admin.display(description=_("inscrits"), ordering="confirmed_count")
    def confirmed_count(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("en attente"), ordering="waitlisted_count")
    def waitlisted_count(self, obj):
        return obj.waitlisted_count

    @admin.display(description=_("pages de l'équipe"))
    def staff_links(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("events:checkin", kwargs={"slug": obj.slug}),
            _("Accueil et pointage"),
            reverse("events:tables", kwargs={"slug": obj.slug}),
            _("Tables"),
            reverse("events:synthesis", kwargs={"slug": obj.slug}),
            _("Synthèse"),
            obj.get_absolute_url(),
            _("Page publique"),
        )

    def save_model(self, request, obj, form, change):
        # New dates are announced to participants and re-arm their reminder; more seats go to the waitlist.
        services.event_save(event=obj)

    # The two buttons of the tables page: by default only the people without a table are seated once someone is.
    @admin.action(description=_("Placer les personnes sans table"), permissions=["change"])
    def assign_tables(self, request, queryset):
        seat_at_tables(self, request, queryset, only_newcomers=None)

    @admin.action(description=_("Tout redistribuer aux tables"), permissions=["change"])
    def reassign_tables(self, request, queryset):
        seat_at_tables(self, request, queryset, only_newcomers=False)

    def _export(self, request, queryset, file_format: str):
        events = list(queryset[:2])  # one query, enough to tell "one" from "several"
        if len(events) != 1:
            self.message_user(request, _("Choisissez un seul événement à exporter."), messages.WARNING)
            return None
        content, content_type, filename = exports.registrations_file(event=events[0], file_format=file_format)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    # Names, e-mails and needs of the participants: for staff who may read registrations.
    @admin.action(description=_("Exporter les inscrits (Excel)"), permissions=["view_registrations"])
    def export_registrations_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Exporter les inscrits (CSV)"), permissions=["view_registrations"])
    def export_registrations_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    def has_view_registrations_permission(self, request):
        return request.user.is_staff and request.user.has_perm("events.view_registration")

    @admin.action(description=_("Publier la synthèse"), permissions=["change"])
    def publish_synthesis(self, request, queryset):
        for event in queryset:
            services.event_set_synthesis_published(event=event, published=True)
        self.message_user(request, _("Synthèse publiée."), messages.SUCCESS)

    @admin.action(description=_("Retirer la synthèse"), permissions=["change"])
    def unpublish_synthesis(self, request, queryset):
        for event in queryset:
            services.event_set_synthesis_published(event=event, published=False)
        self.message_user(request, _("Synthèse retirée."), messages.SUCCESS)


class CheckedInFilter(admin.SimpleListFilter):
    title = _("présence")
    parameter_name = "present"

    def lookups(self, request, model_admin):
        return [("yes", _("Présent·e")), ("no", _("Pas encore arrivé·e"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "organisation",
        "event",
        "status",
        "waitlist_position",
        "actor_kind",
        "neighbourhood",
        "table",
        "checked_in_at",
    ]
    list_filter = ["event", "status", "actor_kind", "neighbourhood", CheckedInFilter, "walk_in"]
    list_select_related = ["event", "neighbourhood", "table"]
    search_fields = ["full_name", "email", "organisation"]
    show_full_result_count = False
    date_hierarchy = "created_at"
    actions = ["cancel_registrations", "check_in_registrations", "assign_tables"]
    # Status, waitlist and presence change through the services (actions, check-in pages), never a field.
    readonly_fields = [
        "event",
        "user",
        "status",
        "waitlist_position",
        "checked_in_at",
        "walk_in",
        "consent_given_at",
        "created_at",
        "cancelled_at",
        "promoted_at",
        "answer_list",
        "manage_link",
    ]
    fields = [
        ("event", "status", "waitlist_position"),
        "full_name",
        "email",
        "organisation",
        "actor_kind",
        "neighbourhood",
        "accessibility_needs",
        "answer_list",
        "table",
        ("checked_in_at", "walk_in"),
        ("consent_given_at", "created_at", "cancelled_at", "promoted_at"),
        "user",
        "manage_link",
    ]

    def has_add_permission(self, request):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            registration_pk = request.resolver_match.kwargs.get("object_id")
            event_id = Registration.objects.filter(pk=registration_pk).values("event_id")[:1]
            kwargs["queryset"] = Table.objects.filter(event_id__in=event_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("réponses aux questions complémentaires"))
    def answer_list(self, obj):
        rows = selectors.registration_answers(
            registration=obj, questions=selectors.event_questions(event=obj.event), leftovers=True
        )
        if not rows:
            return "—"
        return format_html(
            "<ul class=\"mb-0\">{}</ul>",
            format_html_join("", "<li>{} : {}</li>", rows),
        )

    @admin.display(description=_("lien personnel"))
    def manage_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Ouvrir la page de la personne"))

    @admin.action(description=_("Annuler les inscriptions (la liste d'attente avance)"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        for registration in queryset:
            services.registration_cancel(registration=registration)
        self.message_user(request, _("Inscriptions annulées."), messages.SUCCESS)

    @admin.action(description=_("Pointer présent·e"), permissions=["change"])
    def check_in_registrations(self, request, queryset):
        done = 0
        for registration in queryset:
            try:
                services.registration_check_in(registration=registration)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{registration.full_name} : {' '.join(error.messages)}", messages.WARNING)
        self.message_user(
            request, ngettext("%d personne pointée.", "%d personnes pointées.", done) % done, messages.SUCCESS
        )

    @admin.action(description=_("Placer aux tables les personnes sans table de ces événements"), permissions=["change"])
    def assign_tables(self, request, queryset):
        seat_at_tables(self, request, Event.objects.filter(pk__in=queryset.values("event_id")), only_newcomers=None)


class MergedFilter(admin.SimpleListFilter):
    title = _("fusion")
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", _("Non fusionnées")), ("yes", _("Fusionnées dans une autre"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        return queryset


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "kind", "table", "vote_count", "hidden", "kept_by_staff", "merged_into"]
    list_filter = ["event", "kind", "hidden", "kept_by_staff", MergedFilter]
    list_select_related = ["event", "table", "merged_into"]
    search_fields = ["text"]
    show_full_result_count = False
    actions = ["hide", "unhide", "keep", "unkeep", "merge"]
    readonly_fields = ["event", "table", "author", "kind", "text", "hidden", "kept_by_staff", "merged_into", "created_at"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(vote_count=Count("votes"))

    @admin.display(description=_("votes"), ordering="vote_count")
    def vote_count(self, obj):
        return obj.vote_count

    @admin.action(description=_("Masquer"), permissions=["change"])
    def hide(self, request, queryset):
        for contribution in queryset:
            services.contribution_hide(contribution=contribution, hidden=True)

    @admin.action(description=_("Rendre visible"), permissions=["change"])
    def unhide(self, request, queryset):
        for contribution in queryset:
            services.contribution_hide(contribution=contribution, hidden=False)

    @admin.action(description=_("Retenir pour la synthèse"), permissions=["change"])
    def keep(self, request, queryset):
        for contribution in queryset:
            services.contribution_keep(contribution=contribution, kept=True)

    @admin.action(description=_("Ne plus retenir"), permissions=["change"])
    def unkeep(self, request, queryset):
        for contribution in queryset:
            services.contribution_keep(contribution=contribution, kept=False)

    @admin.action(description=_("Fusionner les doublons (dans la plus soutenue)"), permissions=["change"])
    def merge(self, request, queryset):
        contributions = sorted(queryset, key=lambda c: (-c.vote_count, c.created_at, c.pk))
        if len(contributions) < 2:
            self.message_user(request, _("Choisissez au moins deux contributions à fusionner."), messages.WARNING)
            return
        try:
            into = services.contributions_merge(duplicates=contributions[1:], into=contributions[0])
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("Contributions fusionnées dans « %(text)s ».") % {"text": into}, messages.SUCCESS)
