"""The cohorts' part of deleting an account (RGPD): a project in a running cohort, or a jury member's reviews,
hold the deletion back (the programme team handles those)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.selectors import export_fields
from roubaix_incubator.core.signals import account_data_export, account_deletion_blockers

from .enums import MembershipStatus
from .models import ImpactReport, Membership, Review


@receiver(account_deletion_blockers, dispatch_uid="cohorts.account_deletion_blockers")
def cohort_commitments(sender, user, **kwargs) -> list[str]:
    reasons = [
        _(
            "Votre projet « %(project)s » fait partie de la promotion « %(cohort)s » : écrivez à l'équipe du "
            "programme pour quitter la promotion avant de supprimer votre compte."
        )
        % {"project": membership.application.project_name, "cohort": membership.cohort.name}
        for membership in Membership.objects.filter(
            application__applicant=user, status=MembershipStatus.ACTIVE
        ).select_related("application", "cohort")
    ]
    if Review.objects.filter(reviewer=user).exists():
        reasons.append(_("Vous avez évalué des dossiers : l'équipe du programme supprime votre compte de jury."))
    return reasons


@receiver(account_data_export, dispatch_uid="cohorts.account_data_export")
def export_impact_reports(sender, user, **kwargs) -> list[tuple[str, list[dict]]]:
    reports = ImpactReport.objects.filter(membership__application__applicant=user).select_related(
        "membership__application"
    )
    rows = [
        {
            _("Projet"): report.membership.application.project_name,
            _("Trimestre"): str(report.period_label),
            **export_fields(
                report, ["jobs_created", "inclusive_jobs_created", "beneficiaries", "revenue", "comment", "submitted_at"]
            ),
        }
        for report in reports.order_by("year", "quarter")
    ]
    return [(_("Bilans d'impact déclarés"), rows)]
