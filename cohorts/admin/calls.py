"""The calls' and applications' admin (applications app) with the selection's grid and bulk actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.admin import ApplicationAdmin, CallAdmin
from applications.enums import Status
from applications.models import Application, Call
from applications.services import InvalidTransition

from .. import selectors, services
from ..forms import IneligibleScreeningForm
from ..models import Criterion
from .common import NotFoundOutsideQuerysetMixin, action_form_page, is_applying, report_error
from .ranking import CallRankingMixin, ranking_file_response
from .release import release_with_confirmation


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "label", "weight", "description"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "call", "weight", "order"]
    list_filter = ["call"]
    list_select_related = ["call"]
    search_fields = ["label"]
    ordering = ["call", "order", "pk"]


# The call's admin (applications app) gains the grid and the committee's actions of this app.
admin.site.unregister(Call)


@admin.register(Call)
class CallWithSelectionAdmin(CallRankingMixin, CallAdmin):
    inlines = [*CallAdmin.inlines, CriterionInline]
    actions = [
        *(CallAdmin.actions or []),
        "seed_default_criteria",
        "release_decisions",
        "export_ranking_xlsx",
        "export_ranking_csv",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.can_see_ranking(request):
            fields.append("ranking")
        return fields

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.can_see_ranking(request):
            columns.append("ranking")
        return columns

    @admin.display(description=_("classement des dossiers"))
    def ranking(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:applications_call_ranking", args=[obj.pk]),
            _("Voir le classement"),
        )

    def _export(self, request, queryset, file_format: str):
        if queryset.count() != 1:
            self.message_user(request, _("Choisissez un seul appel à exporter."), messages.WARNING)
            return None
        return ranking_file_response(call=queryset.get(), file_format=file_format)

    @admin.action(description=_("Exporter le classement (Excel)"), permissions=["view_ranking"])
    def export_ranking_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Exporter le classement (CSV)"), permissions=["view_ranking"])
    def export_ranking_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    def has_view_ranking_permission(self, request):
        return self.can_see_ranking(request)

    @admin.action(description=_("Créer la grille de notation par défaut"), permissions=["change"])
    def seed_default_criteria(self, request, queryset):
        for call in queryset:
            services.criteria_seed_default(call=call)
        self.message_user(request, _("Grille de notation prête."), messages.SUCCESS)

    @admin.action(description=_("Publier toutes les décisions préparées"), permissions=["release"])
    def release_decisions(self, request, queryset):
        calls = list(queryset.order_by("title", "pk"))
        return release_with_confirmation(
            self, request, calls=calls, action="release_decisions", selected=[c.pk for c in calls]
        )

    def has_release_permission(self, request):
        return request.user.has_perm("cohorts.change_decision")


class CohortsApplicationAdmin(NotFoundOutsideQuerysetMixin, ApplicationAdmin):
    actions = [
        *(ApplicationAdmin.actions or []),
        "screen_eligible",
        "screen_ineligible",
        "assign_two_reviewers",
        "assign_three_reviewers",
        "shortlist",
    ]

    def get_queryset(self, request):
        # A jury member opens only the files assigned to them (list, page, history, autocomplete, documents);
        # any other one is a 404.
        return selectors.restrict_to_assigned_files(super().get_queryset(request), user=request.user)

    def _each(self, request, queryset, action, success):
        done = 0
        for application in queryset:
            try:
                action(application)
                done += 1
            except (ValidationError, PermissionDenied, InvalidTransition) as error:
                report_error(self, request, error)
        if done:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Recevable : transmettre au jury"), permissions=["change"])
    def screen_eligible(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda a: services.application_screen(application=a, by=request.user, eligible=True),
            _("%(count)d dossier(s) transmis au jury."),
        )

    @admin.action(description=_("Non recevable : orienter ou refuser, avec les motifs"), permissions=["change"])
    def screen_ineligible(self, request, queryset):
        applications = list(queryset.order_by("project_name", "pk"))
        form = IneligibleScreeningForm(request.POST if is_applying(request) else None)
        if form.is_bound and form.is_valid():
            self._each(
                request,
                applications,
                lambda a: services.application_screen(
                    application=a, by=request.user, eligible=False, **form.cleaned_data
                ),
                _("%(count)d dossier(s) non recevable(s) : la décision est préparée, elle partira avec les autres."),
            )
            return None
        submitted = [a for a in applications if a.status == Status.SUBMITTED]
        return action_form_page(
            self,
            request,
            action="screen_ineligible",
            title=_("Dossiers non recevables"),
            form=form,
            submit_label=_("Préparer la décision"),
            selected=[a.pk for a in applications],
            items=[f"{a.project_name} — {a.get_status_display()}" for a in applications],
            intro=[
                _(
                    "Ces dossiers ne remplissent pas les conditions de l'appel. Chacun reçoit une décision préparée "
                    "(orientation ou refus), publiée avec les autres décisions de l'appel : le porteur lira les "
                    "motifs et la structure vers laquelle se tourner."
                )
            ],
            warnings=[
                _("« %(project)s » n'est pas au statut « Soumise » : il sera laissé de côté.")
                % {"project": a.project_name}
                for a in applications
                if a not in submitted
            ],
        )

    @admin.action(description=_("Présélectionner pour le comité"), permissions=["change"])
    def shortlist(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda a: services.application_shortlist(application=a, by=request.user),
            _("%(count)d dossier(s) présélectionné(s)."),
        )

    def _assign(self, request, queryset, per_application: int):
        try:
            result = services.reviews_assign(
                applications=queryset,
                reviewers=selectors.reviewers_available(),
                per_application=per_application,
                by=request.user,
            )
        except ValidationError as error:
            report_error(self, request, error)
            return
        self.message_user(request, _("%(count)d évaluation(s) attribuée(s).") % {"count": len(result.created)})
        for application, missing in result.missing.items():
            self.message_user(
                request,
                _("« %(project)s » : il manque %(missing)d évaluateur(s) sans conflit d'intérêts.")
                % {"project": application.project_name, "missing": missing},
                messages.WARNING,
            )

    @admin.action(description=_("Attribuer 2 membres du jury par dossier"), permissions=["change"])
    def assign_two_reviewers(self, request, queryset):
        self._assign(request, queryset, 2)

    @admin.action(description=_("Attribuer 3 membres du jury par dossier"), permissions=["change"])
    def assign_three_reviewers(self, request, queryset):
        self._assign(request, queryset, 3)


admin.site.unregister(Application)
admin.site.register(Application, CohortsApplicationAdmin)
