"""The cohorts' part of deleting an account (RGPD): a project in a running cohort, or a jury member's reviews,
hold the deletion back (the programme team handles those)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.signals import account_deletion_blockers

from .enums import MembershipStatus
from .models import Membership, Review


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
