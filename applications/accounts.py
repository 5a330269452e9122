"""The applications' part of deleting an account (RGPD): files under review hold the deletion back; drafts are
deleted, every other application is anonymised (its figures stay for the funders, nothing names the holder)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.signals import account_deletion_blockers, account_erasing

from .enums import Status
from .models import Application
from .retention import applications_anonymise, drafts_delete

UNDER_EXAMINATION = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED]


@receiver(account_deletion_blockers, dispatch_uid="applications.account_deletion_blockers")
def applications_under_examination(sender, user, **kwargs) -> list[str]:
    names = Application.objects.filter(applicant=user, status__in=UNDER_EXAMINATION).values_list(
        "project_name", flat=True
    )
    return [
        _(
            "Votre candidature « %(project)s » est en cours d'examen : retirez-la d'abord depuis « Mes "
            "candidatures », ou attendez la décision."
        )
        % {"project": name}
        for name in names
    ]


@receiver(account_erasing, dispatch_uid="applications.account_erasing")
def erase_applications(sender, user, now, **kwargs) -> None:
    drafts_delete(Application.objects.filter(applicant=user, status=Status.DRAFT))
    pks = list(Application.objects.filter(applicant=user).values_list("pk", flat=True))
    applications_anonymise(pks=pks, now=now, erase_holder_profile=True)
