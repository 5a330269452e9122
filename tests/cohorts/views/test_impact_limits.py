"""Impact figures beyond what a young social enterprise declares: a clear message, never a database overflow."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts import services
from cohorts.models import ImpactReport

pytestmark = pytest.mark.django_db


def _post(client, member, **figures):
    data = {
        "year": 2026,
        "quarter": 3,
        "jobs_created": 2,
        "inclusive_jobs_created": 1,
        "beneficiaries": 40,
        "revenue": 12000,
        "comment": "Un trimestre chargé",
    }
    return client.post(reverse("cohorts:impact_report", args=[member.pk]), {**data, **figures})


def test_impact_form_refuses_40000_jobs_and_3_billion_euros(client, released_cohort):
    _, memberships, _ = released_cohort
    member = memberships[0]
    client.force_login(member.application.applicant)

    response = _post(client, member, jobs_created=40000, inclusive_jobs_created=0, revenue=3_000_000_000)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "jobs_created": ["Au plus 1\u202f000 emplois par trimestre : vérifiez le chiffre."],
        "revenue": ["Au plus 100\u202f000\u202f000 euros de chiffre d'affaires par trimestre : vérifiez le chiffre."],
    }
    content = response.content.decode()
    assert 'value="40000"' in content  # what was typed stays
    assert "Un trimestre chargé" in content
    assert not ImpactReport.objects.exists()


def test_impact_form_refuses_too_many_beneficiaries(client, released_cohort):
    _, memberships, _ = released_cohort
    member = memberships[0]
    client.force_login(member.application.applicant)

    response = _post(client, member, beneficiaries=2_000_000)

    assert response.context["form"].errors == {
        "beneficiaries": ["Au plus 1\u202f000\u202f000 personnes bénéficiaires par trimestre : vérifiez le chiffre."]
    }
    assert not ImpactReport.objects.exists()


def test_impact_form_accepts_the_ceilings(client, released_cohort):
    _, memberships, _ = released_cohort
    member = memberships[0]
    client.force_login(member.application.applicant)

    response = _post(
        client, member, jobs_created=1000, inclusive_jobs_created=1000, beneficiaries=1_000_000, revenue=100_000_000
    )

    assert response.status_code == 302
    report = ImpactReport.objects.get()
    assert (report.jobs_created, report.beneficiaries, report.revenue) == (1000, 1_000_000, 100_000_000)


def test_impact_report_submit_refuses_figures_beyond_the_ceilings(released_cohort, monkeypatch):
    monkeypatch.setattr("cohorts.services.impact.timezone.localdate", lambda: date(2026, 11, 15))
    _, memberships, _ = released_cohort
    member = memberships[0]

    with pytest.raises(ValidationError) as raised:
        services.impact_report_submit(
            membership=member,
            by=member.application.applicant,
            year=2026,
            quarter=3,
            jobs_created=40000,
            inclusive_jobs_created=40000,
            beneficiaries=10,
            revenue=3_000_000_000,
        )

    assert sorted(raised.value.message_dict) == ["inclusive_jobs_created", "jobs_created", "revenue"]
    assert not ImpactReport.objects.exists()
