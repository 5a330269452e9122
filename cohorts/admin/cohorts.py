from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from ..enums import MembershipStatus
from ..forms import CohortForm
from ..models import Cohort, ImpactReport, Membership
from .common import NotFoundOutsideQuerysetMixin, ReadOnlyInline, report_error


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["application", "status", "joined_at", "left_at", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "call",
        "seats",
        "member_count",
        "starts_on",
        "ends_on",
        "jobs_created",
        "inclusive_jobs_created",
        "beneficiaries",
        "revenue",
    ]
    list_select_related = ["call"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    actions = ["promote_from_waitlist"]
    form = CohortForm

    def save_model(self, request, obj, form, change):
        services.cohort_save(cohort=obj)

    def get_queryset(self, request):
        return selectors.impact_figures_per_cohort(cohorts=super().get_queryset(request))

    @admin.display(description=_("projets en cours"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description=_("emplois créés"), ordering="jobs_created")
    def jobs_created(self, obj):
        return obj.jobs_created

    @admin.display(description=_("dont éloignés de l'emploi"), ordering="inclusive_jobs_created")
    def inclusive_jobs_created(self, obj):
        return obj.inclusive_jobs_created

    @admin.display(description=_("bénéficiaires"), ordering="beneficiaries")
    def beneficiaries(self, obj):
        return obj.beneficiaries

    @admin.display(description=_("chiffre d'affaires (€)"), ordering="revenue")
    def revenue(self, obj):
        return obj.revenue

    @admin.action(description=_("Appeler le premier projet de la liste d'attente"), permissions=["change"])
    def promote_from_waitlist(self, request, queryset):
        for cohort in queryset:
            membership = services.waitlist_promote_next(cohort=cohort, by=request.user)
            if membership is None:
                self.message_user(
                    request,
                    _("%(cohort)s : pas de place libre ou liste d'attente vide.") % {"cohort": cohort},
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _("%(cohort)s : « %(project)s » rejoint la promotion.")
                    % {"cohort": cohort, "project": membership.application.project_name},
                    messages.SUCCESS,
                )


@admin.register(Membership)
class MembershipAdmin(NotFoundOutsideQuerysetMixin, admin.ModelAdmin):
    list_display = ["application", "cohort", "status", "joined_at", "left_at"]
    list_filter = ["cohort", "status"]
    list_select_related = ["application", "cohort"]
    search_fields = ["application__project_name"]
    readonly_fields = ["cohort", "application", "status", "joined_at", "left_at", "reason"]
    actions = ["decline_and_promote", "complete"]

    def get_queryset(self, request):
        return selectors.restrict_to_assigned_files(
            super().get_queryset(request), user=request.user, application_path="application"
        )

    def has_add_permission(self, request):
        return False  # members come from released decisions

    @admin.action(description=_("Désistement : libérer la place et appeler la liste d'attente"), permissions=["change"])
    def decline_and_promote(self, request, queryset):
        for membership in queryset.select_related("application"):
            try:
                promoted = services.membership_decline_and_promote(
                    membership=membership, by=request.user, reason=str(_("Désistement enregistré par l'équipe"))
                )
            except ValidationError as error:
                report_error(self, request, error)
                continue
            text = _("« %(project)s » quitte la promotion.") % {"project": membership.application.project_name}
            if promoted:
                text += " " + _("« %(project)s » prend sa place.") % {"project": promoted.application.project_name}
            self.message_user(request, text, messages.SUCCESS)

    @admin.action(description=_("Parcours terminé"), permissions=["change"])
    def complete(self, request, queryset):
        for membership in queryset:
            try:
                services.membership_transition(membership=membership, to=MembershipStatus.COMPLETED)
            except ValidationError as error:
                report_error(self, request, error)


@admin.register(ImpactReport)
class ImpactReportAdmin(NotFoundOutsideQuerysetMixin, admin.ModelAdmin):
    list_display = [
        "membership",
        "cohort",
        "period",
        "jobs_created",
        "inclusive_jobs_created",
        "beneficiaries",
        "revenue",
        "submitted_at",
    ]
    list_filter = ["membership__cohort", "year", "quarter"]
    list_select_related = ["membership__application", "membership__cohort"]
    search_fields = ["membership__application__project_name"]
    readonly_fields = ["submitted_by", "submitted_at"]

    def get_queryset(self, request):
        return selectors.restrict_to_assigned_files(
            super().get_queryset(request), user=request.user, application_path="membership__application"
        )

    @admin.display(description=_("promotion"), ordering="membership__cohort")
    def cohort(self, obj):
        return obj.membership.cohort

    @admin.display(description=_("période"), ordering="year")
    def period(self, obj):
        return obj.period_label

    def has_add_permission(self, request):
        return False  # members declare their figures from their dashboard
