"""RGPD retention: what is erased, when, and that a second run does nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import Status
from applications.models import Application, Attachment
from applications.retention import personal_data_purge
from applications.tasks import purge_personal_data_task
from tests.factories import ApplicationFactory, AttachmentFactory, CallFactory

pytestmark = pytest.mark.django_db


def _call_closed(days_ago: int):
    now = timezone.now()
    return CallFactory(opens_at=now - timedelta(days=days_ago + 60), closes_at=now - timedelta(days=days_ago))


def test_old_draft_is_deleted_with_its_file_but_a_recent_one_stays(settings):
    old = ApplicationFactory(call=_call_closed(settings.RETENTION_DRAFT_DAYS + 1), status=Status.DRAFT)
    recent = ApplicationFactory(call=_call_closed(settings.RETENTION_DRAFT_DAYS - 1), status=Status.DRAFT)
    attachment = AttachmentFactory(application=old)
    storage, name = attachment.file.storage, attachment.file.name

    result = personal_data_purge()

    assert result.drafts_deleted == 1
    assert list(Application.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert storage.exists(name)  # the file goes on commit, see the next test


def test_files_are_deleted_once_the_purge_commits(settings, django_capture_on_commit_callbacks):
    old = ApplicationFactory(call=_call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1), status=Status.REJECTED)
    attachment = AttachmentFactory(application=old)
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        result = personal_data_purge()

    assert result.documents_deleted == 1
    assert not storage.exists(name)
    assert Application.objects.filter(pk=old.pk).exists()


def test_documents_of_accepted_projects_are_kept(settings):
    accepted = ApplicationFactory(call=_call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1), status=Status.ACCEPTED)
    AttachmentFactory(application=accepted)

    assert personal_data_purge().documents_deleted == 0
    assert accepted.attachments.count() == 1


def test_holder_profile_is_erased_after_its_period_and_second_run_does_nothing(settings):
    call = _call_closed(settings.RETENTION_HOLDER_PROFILE_DAYS + 1)
    old = ApplicationFactory(call=call, status=Status.REJECTED, holder_gender="woman", holder_age_band="26_35",
                             holder_lives_in_priority_area="yes", holder_employment_status="jobseeker")
    young = ApplicationFactory(call=_call_closed(10), status=Status.SUBMITTED, holder_gender="man")

    first = purge_personal_data_task.delay().get()
    second = purge_personal_data_task.delay().get()

    old.refresh_from_db()
    young.refresh_from_db()
    assert first["profiles_erased"] == 1
    assert second == {"drafts_deleted": 0, "documents_deleted": 0, "profiles_erased": 0, "applications_anonymised": 0}
    assert (old.holder_gender, old.holder_age_band, old.holder_lives_in_priority_area,
            old.holder_employment_status) == ("", "", "", "")
    assert young.holder_gender == "man"


def test_the_purge_is_scheduled_in_celery_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="applications.purge_personal_data")
    assert task.enabled
    assert task.crontab.hour == "3"
