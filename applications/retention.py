"""Retention of applicants' personal data (RGPD). Durations are counted from the call's closing date and are
set in settings (RETENTION_*), so the data protection officer's register and the code say the same thing:

- a draft never sent is deleted with its documents `RETENTION_DRAFT_DAYS` after the call closed;
- the documents of applications that were not accepted are deleted `RETENTION_DOCUMENTS_DAYS` after;
- the holders' profile (gender, age band, priority-area residence, employment status), kept only for the
  funders' statistics, is erased `RETENTION_HOLDER_PROFILE_DAYS` after.

Each step only touches rows still holding data, so running the purge twice does nothing the second time.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .enums import Status
from .models import Application, Attachment


@dataclass(frozen=True)
class PurgeResult:
    drafts_deleted: int
    documents_deleted: int
    profiles_erased: int


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
    _delete_files_on_commit(Attachment.objects.filter(application__in=stale_drafts))
    drafts_deleted = stale_drafts.count()
    stale_drafts.delete()

    old_documents = Attachment.objects.filter(
        application__call__closes_at__lt=closed_before(settings.RETENTION_DOCUMENTS_DAYS)
    ).exclude(application__status=Status.ACCEPTED)
    documents_deleted = _delete_files_on_commit(list(old_documents))
    old_documents.delete()

    profile_fields = {
        "holder_gender": "",
        "holder_age_band": "",
        "holder_lives_in_priority_area": "",
        "holder_employment_status": "",
    }
    with_profile = Application.objects.filter(
        call__closes_at__lt=closed_before(settings.RETENTION_HOLDER_PROFILE_DAYS)
    ).exclude(**profile_fields)
    profiles_erased = with_profile.update(**profile_fields)
    return PurgeResult(drafts_deleted, documents_deleted, profiles_erased)
