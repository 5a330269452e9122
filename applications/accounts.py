"""The applications' part of a person's rights over their data (RGPD): their copy of what they sent (access,
portability); deleting the account, which files under review hold back, drafts deleted, every other application
anonymised (its figures stay for the funders, nothing names the holder)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.selectors import export_fields
from roubaix_incubator.core.signals import account_data_export, account_deletion_blockers, account_erasing

from .enums import Status
from .models import HOLDER_PROFILE_FIELDS, Application
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


EXPORTED_FIELDS = [
    "project_name", "status", "summary", "stage", "legal_form", "social_need", "target_public", "neighbourhoods",
    "team", "economic_model", "funding_need", "jobs_at_12_months", "inclusive_jobs_at_12_months",
    "jobs_at_36_months", "inclusive_jobs_at_36_months", "support_needs_details", *HOLDER_PROFILE_FIELDS,
    "submitted_at", "created_at",
]  # fmt: skip


@receiver(account_data_export, dispatch_uid="applications.account_data_export")
def export_applications(sender, user, **kwargs) -> list[tuple[str, list[dict]]]:
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("call")
        .prefetch_related("neighbourhoods", "answers__question", "attachments")
        .order_by("created_at")
    )
    rows = [
        {
            _("Appel"): application.call.title,
            **export_fields(application, EXPORTED_FIELDS),
            _("Besoins d'accompagnement"): application.support_need_labels,
            _("Réponses aux questions de l'appel"): {
                answer.question.label: answer.display_value for answer in application.answers.all()
            },
            _("Documents"): [attachment.original_name for attachment in application.attachments.all()],
        }
        for application in applications
    ]
    return [(_("Candidatures"), rows)]
