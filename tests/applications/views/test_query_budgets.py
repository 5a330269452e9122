"""Each page's queries, counted with 1 and with 5 rows: the same number both times, or an N+1 crept in."""

import pytest

from roubaix_incubator.core.models import Neighbourhood
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AttachmentFactory,
    CallFactory,
    QuestionFactory,
    StatusChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROWS = [1, 5]


def _neighbourhoods():
    return list(Neighbourhood.objects.filter(slug__in=["alma", "barbieux"]))


@pytest.mark.parametrize("rows", ROWS)
def test_dashboard_queries(client, applicant, rows, django_assert_num_queries):
    # Each application in its own call, with documents and neighbourhoods the cards do not show.
    for application in ApplicationFactory.create_batch(rows, applicant=applicant, neighbourhoods=_neighbourhoods()):
        AttachmentFactory(application=application)
    client.force_login(applicant)

    # 1 session, 2 user, 3 the applications joined to their call, attachments counted in the same query.
    with django_assert_num_queries(3):
        response = client.get("/candidatures/")

    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_call_list_queries(client, applicant, rows, django_assert_num_queries):
    CallFactory.create_batch(rows)
    client.force_login(applicant)

    # 1 session, 2 user, 3 the published calls not closed yet.
    with django_assert_num_queries(3):
        response = client.get("/appels/")

    assert len(response.context["calls"]) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_admin_application_changelist_queries(client, rows, django_assert_num_queries):
    for application in ApplicationFactory.create_batch(rows, submitted=True, neighbourhoods=_neighbourhoods()):
        AttachmentFactory(application=application)
        StatusChangeFactory(application=application)
    # Programme staff (cohorts.view_all_reviews): every file, not only those assigned to them as a jury member.
    client.force_login(UserFactory(staff=True, permissions=["applications.view_application", "cohorts.view_all_reviews"]))

    # 1 session, 2 user, 3-4 the user's own and group permissions (they also tell whether the user sees only the
    # files assigned to them, cohorts.view_all_reviews), 5 the calls of the "call" filter, 6 the neighbourhoods of
    # the "neighbourhoods" filter, 7 the count of the filtered rows (the paginator), 8 the page of applications
    # joined to call and applicant, 9 their neighbourhoods (prefetched), 10 first and last submission date,
    # 11 the dates of the date hierarchy.
    with django_assert_num_queries(11):
        response = client.get("/admin/applications/application/")

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def _filled_application(applicant, rows):
    application = ApplicationFactory(applicant=applicant, complete=True, neighbourhoods=_neighbourhoods())
    for _ in range(rows):
        AnswerFactory(application=application, question=QuestionFactory(call=application.call))
        AttachmentFactory(application=application)
        StatusChangeFactory(application=application)
    return application


@pytest.mark.parametrize("rows", ROWS)
def test_application_detail_queries(client, applicant, rows, django_assert_num_queries):
    application = _filled_application(applicant, rows)
    client.force_login(applicant)

    # 1 session, 2 user, 3 the application (owner checked) with its call, 4 the same row again for the prefetches:
    # 5 neighbourhoods, 6 attachments, 7 answers with their question, 8 the call's questions, 9 the status history.
    with django_assert_num_queries(9):
        response = client.get(f"/candidatures/{application.pk}/")

    assert len(response.context["answers"]) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_application_review_queries(client, applicant, rows, django_assert_num_queries):
    application = _filled_application(applicant, rows)
    client.force_login(applicant)

    # As the detail page (9), and the list of missing answers reads only what is prefetched.
    with django_assert_num_queries(9):
        response = client.get(f"/candidatures/{application.pk}/envoyer/")

    assert response.context["missing"] == []
    assert len(response.context["answers"]) == rows
