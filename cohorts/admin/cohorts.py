from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import selectors, services
from ..enums import MembershipStatus
from ..forms import CohortForm, DeclineForm
from ..models import Cohort, ImpactReport, Membership
from .common import NotFoundOutsideQuerysetMixin, ReadOnlyInline, action_form_page, is_applying, report_error


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
    show_full_result_count = False
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
        memberships = list(queryset.select_related("application", "cohort").order_by("cohort", "pk"))
        form = DeclineForm(request.POST if is_applying(request) else None)
        if form.is_bound and form.is_valid():
            for membership in memberships:
                try:
                    promoted = services.membership_decline_and_promote(
                        membership=membership, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    report_error(self, request, error)
                    continue
                text = _("« %(project)s » quitte la promotion.") % {"project": membership.application.project_name}
                if promoted:
                    text += " " + _("« %(project)s » prend sa place et reçoit l'e-mail.") % {
                        "project": promoted.application.project_name
                    }
                self.message_user(request, text, messages.SUCCESS)
            return None
        warnings = [
            _("« %(project)s » n'est pas en cours dans la promotion : il sera laissé de côté.")
            % {"project": m.application.project_name}
            for m in memberships
            if m.status != MembershipStatus.ACTIVE
        ]
        leaving: dict = {}  # cohort → how many of its projects leave
        for m in memberships:
            if m.status == MembershipStatus.ACTIVE:
                leaving[m.cohort] = leaving.get(m.cohort, 0) + 1
        intro = [_("Ces projets quittent la promotion ; le motif est gardé dans leur suivi.")]
        for cohort, count in leaving.items():
            called = [d.application.project_name for d in selectors.waitlist_for_call(call_id=cohort.call_id)[:count]]
            if not called:
                intro.append(
                    _("%(cohort)s : la liste d'attente est vide, la place restera libre.") % {"cohort": cohort}
                )
            else:
                intro.append(
                    ngettext(
                        "%(cohort)s : %(projects)s, premier de la liste d'attente, prendra la place et recevra l'e-mail.",
                        "%(cohort)s : %(projects)s, dans l'ordre de la liste d'attente, prendront les places et "
                        "recevront l'e-mail.",
                        len(called),
                    )
                    % {"cohort": cohort, "projects": ", ".join(f"« {name} »" for name in called)}
                )
        return action_form_page(
            self,
            request,
            action="decline_and_promote",
            title=_("Désistement"),
            form=form,
            submit_label=_("Enregistrer le désistement"),
            selected=[m.pk for m in memberships],
            items=[f"{m.application.project_name} — {m.cohort}" for m in memberships],
            intro=intro,
            warnings=warnings,
        )

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
    show_full_result_count = False

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
