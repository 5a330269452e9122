"""The applicant's decision page, the member's cohort page and the quarterly impact form."""

import pytest
from django.urls import reverse

from applications.enums import Status
from cohorts.enums import MembershipStatus, Outcome
from cohorts.models import ImpactReport

pytestmark = pytest.mark.django_db


def test_decision_page_shows_outcome_reasons_and_referral(client, make_application, prepare, manager, call):
    application = make_application(status=Status.SHORTLISTED)
    prepare(application, Outcome.REJECTED, reasons="Le modèle économique reste à construire.",
            referral_partner="Boutique de gestion Hauts-de-France")
    from cohorts.services import decisions_release

    decisions_release(call=call, by=manager)
    client.force_login(application.applicant)

    response = client.get(reverse("cohorts:decision", args=[application.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Non retenue" in content
    assert "Le modèle économique reste à construire." in content
    assert "Boutique de gestion Hauts-de-France" in content


def test_decision_page_is_404_before_release(client, make_application, prepare):
    application = make_application(status=Status.SHORTLISTED)
    prepare(application, Outcome.ACCEPTED)
    client.force_login(application.applicant)

    assert client.get(reverse("cohorts:decision", args=[application.pk])).status_code == 404


def test_decision_page_is_404_for_another_applicant(client, released_cohort, make_user):
    _, memberships, _ = released_cohort
    client.force_login(make_user(full_name="Quelqu'un d'autre"))

    response = client.get(reverse("cohorts:decision", args=[memberships[0].application_id]))

    assert response.status_code == 404


def test_member_pages_are_404_for_another_user(client, released_cohort, make_user):
    _, memberships, _ = released_cohort
    client.force_login(make_user(full_name="Quelqu'un d'autre"))

    for name in ("cohorts:membership", "cohorts:impact_report"):
        assert client.get(reverse(name, args=[memberships[0].pk])).status_code == 404


def test_member_pages_send_anonymous_users_to_login(client, released_cohort):
    _, memberships, _ = released_cohort

    response = client.get(reverse("cohorts:membership", args=[memberships[0].pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_cohort_page_lists_fellow_projects_but_not_those_who_left(client, released_cohort):
    cohort, memberships, _ = released_cohort
    first, second = memberships
    second.status = MembershipStatus.LEFT
    second.save(update_fields=["status"])
    client.force_login(first.application.applicant)

    content = client.get(reverse("cohorts:membership", args=[first.pk])).content.decode()

    assert cohort.name in content
    assert first.application.project_name in content
    assert second.application.project_name not in content


def test_impact_form_saves_the_quarter(client, released_cohort):
    _, memberships, _ = released_cohort
    member = memberships[0]
    client.force_login(member.application.applicant)

    response = client.post(
        reverse("cohorts:impact_report", args=[member.pk]),
        {"year": 2026, "quarter": 3, "jobs_created": 2, "inclusive_jobs_created": 1, "beneficiaries": 40,
         "revenue": 12000, "comment": ""},
    )

    assert response.status_code == 302
    report = ImpactReport.objects.get(membership=member)
    assert (report.year, report.quarter, report.jobs_created, report.inclusive_jobs_created) == (2026, 3, 2, 1)


def test_impact_form_keeps_what_was_typed_on_error(client, released_cohort):
    _, memberships, _ = released_cohort
    member = memberships[0]
    client.force_login(member.application.applicant)

    response = client.post(
        reverse("cohorts:impact_report", args=[member.pk]),
        {"year": 2026, "quarter": 3, "jobs_created": 1, "inclusive_jobs_created": 3, "beneficiaries": 57,
         "revenue": 900, "comment": "Un bon trimestre"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "ne peut pas le dépasser" in content
    assert 'value="57"' in content
    assert "Un bon trimestre" in content
    assert not ImpactReport.objects.exists()


def test_jury_member_downloads_documents_of_assigned_files_only(client, make_application, make_reviewer):
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.models import Attachment
    from cohorts.models import Review

    reviewer = make_reviewer()
    reviewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    assigned, other = make_application(), make_application()
    Review.objects.create(application=assigned, reviewer=reviewer)
    documents = [
        Attachment.objects.create(
            application=application, kind="presentation", original_name="projet.pdf",
            content_type="application/pdf", size=8, file=SimpleUploadedFile("projet.pdf", b"%PDF-1.4"),
        )
        for application in (assigned, other)
    ]
    client.force_login(reviewer)

    assert client.get(documents[0].get_absolute_url()).status_code == 200
    assert client.get(documents[1].get_absolute_url()).status_code == 404
