"""Each figure of the dashboard on the hand-built programme of conftest.py, with the answer worked out by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import LegalForm, Stage, Status
from roubaix_incubator.reports import content, selectors
from roubaix_incubator.reports.tables import SMALL

pytestmark = pytest.mark.django_db


def test_current_call_is_the_latest_published_call_that_opened(world):
    assert selectors.current_call() == world.call


def test_current_cohort_is_the_last_one_that_started(world):
    assert selectors.current_cohort() == world.cohort


def test_current_call_and_cohort_are_the_first_the_dashboard_offers(world):
    assert selectors.dashboard_calls()[0] == selectors.current_call()
    assert selectors.dashboard_cohorts()[0] == selectors.current_cohort()


def test_call_funnel_counts_every_status(world):
    figures = selectors.call_figures(call=world.call)

    assert figures.by_status == {
        Status.DRAFT: 3,
        Status.SUBMITTED: 2,
        Status.UNDER_REVIEW: 1,
        Status.SHORTLISTED: 1,
        Status.ACCEPTED: 2,
        Status.WAITLISTED: 1,
        Status.REFERRED: 1,
        Status.REJECTED: 1,
        Status.WITHDRAWN: 1,
    }
    assert figures.sent == 9


def test_call_stage_and_legal_form_count_sent_applications_only(world):
    figures = selectors.call_figures(call=world.call)

    assert figures.by_stage == {Stage.IDEA: 2, Stage.EMERGENCE: 4, Stage.DEVELOPMENT: 2, Stage.SCALING: 0, "": 1}
    assert figures.by_legal_form == {
        LegalForm.NONE_YET: 2,
        LegalForm.ASSOCIATION: 5,
        LegalForm.SCOP: 1,
        LegalForm.SCIC: 0,
        LegalForm.COMPANY_ESUS: 0,
        LegalForm.COMPANY: 0,
        LegalForm.SOLE_TRADER: 0,
        LegalForm.OTHER: 0,
        "": 1,
    }


def test_call_priority_areas_jobs_and_funding(world):
    figures = selectors.call_figures(call=world.call)

    assert figures.serving_priority_areas == 5  # the files serving Alma or Pile
    assert figures.without_neighbourhood == 1
    assert figures.jobs["jobs_at_12_months"] == 18  # 9 sent × 2; the draft's 50 do not count
    assert figures.jobs["inclusive_jobs_at_12_months"] == 9
    assert figures.funding_need == 90000


def test_applications_per_neighbourhood_counts_each_neighbourhood_served(world):
    counts = {
        n.name: (n.application_count, n.is_priority_area)
        for n in selectors.applications_per_neighbourhood(call=world.call)
    }

    assert counts["Alma"] == (4, True)
    assert counts["Pile"] == (2, True)
    assert counts["Centre-ville"] == (3, False)
    assert counts["Barbieux"] == (1, False)
    assert counts["Épeule"] == (0, True)


def test_cohort_figures(world):
    figures = selectors.cohort_figures(cohort=world.cohort, today=world.today)

    assert figures.members_by_status == {"active": 3, "left": 1, "completed": 0}
    assert (figures.minutes_this_month, figures.sessions_this_month) == (90, 1)
    assert (figures.minutes_total, figures.sessions_total) == (270, 3)
    assert [row["application__project_name"] for row in figures.quiet_projects] == ["Projet B", "Projet C"]
    assert figures.impact == {
        "report_count": 2,
        "jobs_created": 3,
        "inclusive_jobs_created": 1,
        "beneficiaries": 40,
        "revenue": 6000,
    }


def test_event_figures_over_the_last_twelve_months(world):
    figures = selectors.event_figures(start=timezone.now() - timedelta(days=365))

    assert (figures.events, figures.ended_events) == (2, 1)
    assert (figures.confirmed, figures.waitlisted, figures.cancelled) == (6, 1, 1)
    assert (figures.confirmed_at_ended_events, figures.present, figures.walk_ins) == (4, 2, 1)
    assert figures.attendance_rate == 0.5


def test_participants_by_actor_kind_and_neighbourhood(world):
    since = timezone.now() - timedelta(days=365)

    by_actor = selectors.participants_by_actor_kind(start=since)
    by_place = {
        row["neighbourhood__name"]: (row["registered"], row["present"])
        for row in selectors.participants_by_neighbourhood(start=since)
    }
    by_kind = selectors.events_by_kind(start=since)

    assert {kind: (row["registered"], row["present"]) for kind, row in by_actor.items()} == {
        "economic": (1, 0),
        "social": (1, 0),
        "associative": (1, 1),
        "cultural": (0, 0),
        "institution": (0, 0),
        "resident": (3, 1),
    }
    assert by_place == {"Alma": (3, 1), "Pile": (1, 1), "Centre-ville": (1, 0), None: (1, 0)}
    assert by_kind["neighbourhood_meetup"] == {"events": 1, "registered": 4}
    assert by_kind["morning_talk"]["registered"] == 2
    assert by_kind["co_construction"] == {"events": 0, "registered": 0}


def test_holder_profile_of_the_call(world):
    figures = selectors.holder_profile_figures(call=world.call)

    assert figures["sent"]["total"] == {"": 9}
    assert figures["sent"]["holder_gender"] == {"woman": 6, "man": 2, "other": 0, "unsaid": 0, "": 1}
    assert figures["accepted"]["holder_gender"] == {"woman": 2, "man": 0, "other": 0, "unsaid": 0, "": 0}
    assert figures["sent"]["holder_age_band"]["26_35"] == 5
    assert figures["sent"]["holder_employment_status"]["jobseeker"] == 5
    assert figures["sent"]["holder_lives_in_priority_area"] == {"yes": 5, "no": 3, "unsaid": 0, "": 1}


def test_dashboard_tables_hold_the_same_numbers(world):
    dashboard = content.dashboard(call=selectors.current_call(), cohort=selectors.current_cohort())
    tables = {table.slug: table for table in dashboard.tables()}

    funnel = {row.label: row.values[0] for row in tables["entonnoir"].rows}
    assert funnel["Brouillon"] == 3 and funnel["Retirée"] == 1 and funnel["Retenue"] == 2
    places = {row.label: (row.values[0], row.highlight) for row in tables["quartiers"].rows}
    assert places["Alma (QPV)"] == (4, True)
    assert places["Centre-ville"] == (3, False)
    assert places["Quartier non précisé"] == (1, False)
    mentoring = {row.label.split(" (")[0]: row.values for row in tables["mentorat"].rows}
    assert mentoring == {"Ce mois-ci": (1.5, 1), "Depuis le début": (4.5, 3)}
    assert SMALL not in str(dashboard)  # the dashboard shows no holders' profile, so nothing is masked
