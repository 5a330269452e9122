"""Retention of applicants' personal data (RGPD). Durations are counted from the call's closing date and are
set in settings (RETENTION_*), so the data protection officer's register and the code say the same thing:

- a draft never sent is deleted with its documents `RETENTION_DRAFT_DAYS` after the call closed;
- the documents of applications that were not accepted are deleted `RETENTION_DOCUMENTS_DAYS` after, and the
  applications themselves are anonymised at the same time (see `ANONYMISED_TEXT_FIELDS`): the link to the
  applicant's account, the project's name and every free text, the answers to the call's questions and the reasons
  written in the status history are erased; what the funders' figures count stays (call, status, dates, stage,
  legal form, neighbourhoods, funding need, jobs planned, support needs). "Not accepted" is every sent file but the
  accepted ones: rejected, referred, withdrawn, waitlisted and never promoted, or left undecided;
- the holders' profile (gender, age band, priority-area residence, employment status), kept only for the
  funders' statistics, is erased `RETENTION_HOLDER_PROFILE_DAYS` after.

Each step only touches rows still holding data, so running the purge twice does nothing the second time.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .enums import Status
from .models import HOLDER_PROFILE_FIELDS, Answer, Application, Attachment, StatusChange

# What an applicant wrote about their project and themselves; erased on anonymisation.
ANONYMISED_TEXT_FIELDS = (
    "summary",
    "social_need",
    "target_public",
    "team",
    "economic_model",
    "support_needs_details",
)
# Stored, not shown through the translation catalogue: the name a row keeps once anonymised.
ANONYMISED_NAME_PREFIX = "Candidature anonymisée n° "


@dataclass(frozen=True)
class PurgeResult:
    drafts_deleted: int
    documents_deleted: int
    profiles_erased: int
    applications_anonymised: int = 0


def _delete_files_on_commit(attachments) -> int:
    names = [(a.file.storage, a.file.name) for a in attachments]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names], robust=True)
    return len(names)


@transaction.atomic
def personal_data_purge(*, now=None) -> PurgeResult:
    now = now or timezone.now()

    def closed_before(days: int):
        return now - timedelta(days=days)

    stale_drafts = Application.objects.filter(
        status=Status.DRAFT, call__closes_at__lt=closed_before(settings.RETENTION_DRAFT_DAYS)
    )
    drafts_deleted = drafts_delete(stale_drafts)

    old_documents = Attachment.objects.filter(
        application__call__closes_at__lt=closed_before(settings.RETENTION_DOCUMENTS_DAYS)
    ).exclude(application__status=Status.ACCEPTED)
    documents_deleted = _delete_files_on_commit(list(old_documents))
    old_documents.delete()

    applications_anonymised = _anonymise_not_accepted(closed_before(settings.RETENTION_DOCUMENTS_DAYS), now)

    profile_fields = dict.fromkeys(HOLDER_PROFILE_FIELDS, "")
    with_profile = Application.objects.filter(
        call__closes_at__lt=closed_before(settings.RETENTION_HOLDER_PROFILE_DAYS)
    ).exclude(**profile_fields)
    profiles_erased = with_profile.update(**profile_fields)
    return PurgeResult(drafts_deleted, documents_deleted, profiles_erased, applications_anonymised)


def _anonymise_not_accepted(closed_before, now) -> int:
    """Erases what identifies the holder of every sent, not accepted application of a call closed before
    `closed_before`; already anonymised rows are left alone, so a second run does nothing."""
    due = Application.objects.filter(
        call__closes_at__lt=closed_before, submitted_at__isnull=False, anonymised_at__isnull=True
    ).exclude(status__in=[Status.ACCEPTED, Status.DRAFT])
    return applications_anonymise(pks=list(due.values_list("pk", flat=True)), now=now)


def applications_anonymise(*, pks: list[int], now, erase_holder_profile: bool = False) -> int:
    """Erases what identifies the holder of these applications (see the module's docstring); with
    `erase_holder_profile`, their funders' profile too (the holder asked to delete their account)."""
    if not pks:
        return 0
    Answer.objects.filter(application__in=pks).delete()
    history = StatusChange.objects.filter(application__in=pks)
    # The holder's own moves (submission, withdrawal) name them; the staff's keep their author.
    history.filter(by_id__in=Application.objects.filter(pk__in=pks).values("applicant_id")).update(by=None)
    history.exclude(reason="").update(reason="")
    _delete_files_on_commit(list(Attachment.objects.filter(application__in=pks)))
    Attachment.objects.filter(application__in=pks).delete()
    return Application.objects.filter(pk__in=pks).update(
        applicant=None,
        project_name=Concat(Value(ANONYMISED_NAME_PREFIX), Cast("pk", CharField())),
        anonymised_at=now,
        updated_at=now,
        **dict.fromkeys(ANONYMISED_TEXT_FIELDS, ""),
        **(dict.fromkeys(HOLDER_PROFILE_FIELDS, "") if erase_holder_profile else {}),
    )


def drafts_delete(drafts) -> int:
    """Deletes these drafts (never sent: nothing to keep) and, once committed, their documents' files."""
    _delete_files_on_commit(list(Attachment.objects.filter(application__in=drafts)))
    return drafts.delete()[1].get(Application._meta.label, 0)
