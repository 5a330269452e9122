"""RGPD: RETENTION_DOCUMENTS_DAYS after its call closed, a sent application that was not accepted is anonymised —
no link to the account, no name, no free text, no answers, no reasons — and keeps what the funders' figures count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import Status
from applications.models import Answer, Application, Attachment, StatusChange
from applications.retention import personal_data_purge
from applications.tasks import purge_personal_data_task
from roubaix_incubator.core.models import Neighbourhood
from tests.factories import AnswerFactory, ApplicationFactory, AttachmentFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_ACCEPTED = [
    Status.REJECTED,
    Status.REFERRED,
    Status.WITHDRAWN,
    Status.WAITLISTED,
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.SHORTLISTED,
]


def _call_closed(days_ago: int):
    now = timezone.now()
    return CallFactory(opens_at=now - timedelta(days=days_ago + 60), closes_at=now - timedelta(days=days_ago))


def _sent(call, status, **fields):
    return ApplicationFactory(
        call=call,
        complete=True,
        status=status,
        submitted_at=call.closes_at - timedelta(days=3),
        neighbourhoods=[Neighbourhood.objects.get(slug="alma")],
        **fields,
    )


@pytest.mark.parametrize("status", NOT_ACCEPTED)
def test_purge_anonymises_not_accepted_application_of_old_call(settings, status):
    application = _sent(
        _call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1),
        status,
        project_name="Épicerie solidaire de l'Alma",
        funding_need=25000,
        jobs_at_12_months=2,
        holder_gender="woman",
    )
    holder = application.applicant
    AnswerFactory(application=application, value="Le centre social, Mme Durand")
    AttachmentFactory(application=application)
    StatusChange.objects.create(
        application=application, before=Status.DRAFT, after=Status.SUBMITTED, by=holder, reason="Mon numéro : 06…"
    )

    result = personal_data_purge()

    application.refresh_from_db()
    assert result.applications_anonymised == 1
    assert application.applicant is None
    assert application.project_name == f"Candidature anonymisée n° {application.pk}"
    assert (application.summary, application.social_need, application.target_public, application.team,
            application.economic_model, application.support_needs_details) == ("", "", "", "", "", "")
    assert application.anonymised_at is not None
    # What the funders' figures count stays.
    assert (application.status, application.funding_need, application.jobs_at_12_months) == (status, 25000, 2)
    assert list(application.neighbourhoods.values_list("slug", flat=True)) == ["alma"]
    assert application.holder_gender == "woman"  # erased later, after RETENTION_HOLDER_PROFILE_DAYS
    assert Answer.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert list(StatusChange.objects.values_list("by", "reason")) == [(None, "")]
    assert holder.applications.count() == 0


def test_purge_keeps_staff_author_of_status_history(settings):
    application = _sent(_call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1), Status.REJECTED)
    manager = UserFactory(staff=True)
    StatusChange.objects.create(
        application=application, before=Status.SUBMITTED, after=Status.REJECTED, by=manager, reason="Hors critères"
    )

    personal_data_purge()

    assert list(StatusChange.objects.values_list("by", "reason")) == [(manager.pk, "")]


def test_purge_keeps_accepted_recent_and_undecided_drafts_untouched(settings):
    old_call = _call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1)
    accepted = _sent(old_call, Status.ACCEPTED, project_name="Ressourcerie du Pile")
    recent = _sent(_call_closed(settings.RETENTION_DOCUMENTS_DAYS - 1), Status.REJECTED, project_name="Garage")

    assert personal_data_purge().applications_anonymised == 0

    accepted.refresh_from_db()
    recent.refresh_from_db()
    assert (accepted.project_name, accepted.anonymised_at) == ("Ressourcerie du Pile", None)
    assert (recent.project_name, recent.anonymised_at) == ("Garage", None)
    assert accepted.applicant_id is not None and recent.applicant_id is not None


def test_purge_task_anonymises_once_then_does_nothing(settings):
    call = _call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1)
    first_file, second_file = _sent(call, Status.REJECTED), _sent(call, Status.WITHDRAWN)

    first = purge_personal_data_task.delay().get()
    anonymised_at = Application.objects.get(pk=first_file.pk).anonymised_at
    second = purge_personal_data_task.delay().get()

    assert first["applications_anonymised"] == 2
    assert second["applications_anonymised"] == 0
    assert Application.objects.get(pk=first_file.pk).anonymised_at == anonymised_at
    assert Application.objects.filter(pk=second_file.pk, applicant__isnull=True).count() == 1


def test_anonymised_application_is_404_for_its_former_holder(client, settings):
    application = _sent(_call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1), Status.REJECTED)
    client.force_login(application.applicant)
    personal_data_purge()

    assert client.get(f"/candidatures/{application.pk}/").status_code == 404
    assert client.get("/candidatures/").context["rows"] == []


def test_admin_changelist_lists_anonymised_application(client, settings):
    application = _sent(_call_closed(settings.RETENTION_DOCUMENTS_DAYS + 1), Status.REJECTED)
    personal_data_purge()
    client.force_login(UserFactory(staff=True, is_superuser=True))

    response = client.get("/admin/applications/application/")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [Application.objects.get(pk=application.pk)]
    assert f"Candidature anonymisée n° {application.pk}" in response.content.decode()
