from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from applications import selectors
from applications.enums import QuestionKind, Status
from applications.models import Application
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


def test_calls_open_and_upcoming_lists_published_not_closed_soonest_first():
    now = timezone.now()
    later = CallFactory(title="Accélération", closes_at=now + timedelta(days=60))
    sooner = CallFactory(title="Incubation", closes_at=now + timedelta(days=10))
    upcoming = CallFactory(title="Pré-incubation", upcoming=True)
    CallFactory(title="Clos", closed=True)
    CallFactory(title="Brouillon d'appel", is_published=False)

    assert list(selectors.calls_open_and_upcoming()) == [sooner, upcoming, later]  # closing in 10, 37, 60 days


@pytest.mark.parametrize("rows", [1, 5])
def test_calls_open_and_upcoming_one_query(rows, django_assert_num_queries):
    CallFactory.create_batch(rows)

    with django_assert_num_queries(1):  # the calls; the cards need nothing else
        assert len(list(selectors.calls_open_and_upcoming())) == rows


def test_call_get_published_unpublished_is_404():
    CallFactory(slug="en-preparation", is_published=False)

    with pytest.raises(Http404):
        selectors.call_get_published(slug="en-preparation")


def test_applications_for_applicant_only_own_newest_first_with_attachment_count(applicant):
    first = ApplicationFactory(applicant=applicant)
    second = ApplicationFactory(applicant=applicant)
    AttachmentFactory.create_batch(2, application=second)
    ApplicationFactory()  # someone else's

    rows = list(selectors.applications_for_applicant(user=applicant))

    assert rows == [second, first]
    assert [row.attachment_count for row in rows] == [2, 0]


@pytest.mark.parametrize("rows", [1, 5])
def test_applications_for_applicant_one_query(applicant, rows, django_assert_num_queries):
    for application in ApplicationFactory.create_batch(rows, applicant=applicant):
        AttachmentFactory(application=application)

    with django_assert_num_queries(1):  # applications joined to their call, attachments counted in the same query
        listed = [(a.call.title, a.attachment_count) for a in selectors.applications_for_applicant(user=applicant)]

    assert len(listed) == rows


def test_application_get_for_applicant_other_user_is_404(draft):
    assert selectors.application_get_for_applicant(user=draft.applicant, pk=draft.pk) == draft
    with pytest.raises(Http404):
        selectors.application_get_for_applicant(user=UserFactory(), pk=draft.pk)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("applicant", True),
        ("staff_with_permission", True),
        ("staff_without_permission", False),
        ("non_staff_with_permission", False),
        ("other_applicant", False),
    ],
)
def test_attachment_get_for_user(draft, who, allowed):
    attachment = AttachmentFactory(application=draft)
    users = {
        "applicant": lambda: draft.applicant,
        "staff_with_permission": lambda: UserFactory(staff=True, permissions=["applications.view_application"]),
        "staff_without_permission": lambda: UserFactory(staff=True),
        "non_staff_with_permission": lambda: UserFactory(permissions=["applications.view_application"]),
        "other_applicant": UserFactory,
    }
    user = users[who]()
    # What the admin shows this staff member (here: every application).
    visible = Application.objects.all()

    if allowed:
        found = selectors.attachment_get_for_user(
            user=user, application_pk=draft.pk, pk=attachment.pk, staff_applications=visible
        )
        assert found == attachment
    else:
        with pytest.raises(Http404):
            selectors.attachment_get_for_user(
                user=user, application_pk=draft.pk, pk=attachment.pk, staff_applications=visible
            )


def test_attachment_get_for_user_staff_outside_their_visible_files_is_404(draft):
    attachment = AttachmentFactory(application=draft)
    staff = UserFactory(staff=True, permissions=["applications.view_application"])

    with pytest.raises(Http404):
        selectors.attachment_get_for_user(
            user=staff, application_pk=draft.pk, pk=attachment.pk, staff_applications=Application.objects.none()
        )


def test_attachment_get_for_user_wrong_application_is_404(draft):
    attachment = AttachmentFactory(application=draft)
    other_own = ApplicationFactory(applicant=draft.applicant)

    with pytest.raises(Http404):
        selectors.attachment_get_for_user(user=draft.applicant, application_pk=other_own.pk, pk=attachment.pk)


def test_application_missing_fields_complete_application_is_empty(draft):
    complete = ApplicationFactory(
        complete=True, call=draft.call, neighbourhoods=[Neighbourhood.objects.get(slug="trois-ponts")]
    )
    AnswerFactory(application=complete, question=QuestionFactory(call=draft.call))

    assert selectors.application_missing_fields(application=complete) == []


def test_application_missing_fields_lists_labels_in_form_order(draft):
    required = QuestionFactory(call=draft.call, label="Avez-vous un local ?", order=1)
    QuestionFactory(call=draft.call, label="Un commentaire ?", required=False, order=2)

    missing = selectors.application_missing_fields(application=draft)

    assert [(field.step.slug, field.name, field.label) for field in missing] == [
        ("projet", "summary", "le projet en quelques lignes"),
        ("projet", "stage", "avancement du projet"),
        ("projet", "legal_form", "structure juridique"),
        ("besoin", "social_need", "besoin social auquel le projet répond"),
        ("besoin", "target_public", "personnes concernées"),
        ("besoin", "neighbourhoods", "quartiers concernés"),
        ("equipe", "team", "l'équipe"),
        ("modele", "economic_model", "modèle économique"),
        ("modele", "funding_need", "besoin de financement (en euros)"),
        ("modele", "jobs_at_12_months", "emplois prévus à 12 mois"),
        ("modele", "inclusive_jobs_at_12_months", "dont emplois pour des personnes éloignées de l'emploi, à 12 mois"),
        ("modele", "jobs_at_36_months", "emplois prévus à 36 mois"),
        ("modele", "inclusive_jobs_at_36_months", "dont emplois pour des personnes éloignées de l'emploi, à 36 mois"),
        ("accompagnement", "support_needs", "besoins d'accompagnement"),
        ("accompagnement", f"question_{required.pk}", "Avez-vous un local ?"),
    ]


@pytest.mark.parametrize(
    ("kind", "value"), [(QuestionKind.YES_NO, False), (QuestionKind.NUMBER, 0), (QuestionKind.MULTIPLE_CHOICE, ["A"])]
)
def test_application_missing_fields_no_and_zero_are_answers(draft, kind, value):
    complete = ApplicationFactory(
        complete=True,
        call=draft.call,
        funding_need=0,
        jobs_at_12_months=0,
        inclusive_jobs_at_12_months=0,
        neighbourhoods=[Neighbourhood.objects.get(slug="alma")],
    )
    AnswerFactory(
        application=complete, question=QuestionFactory(call=draft.call, kind=kind, choices="A\nB"), value=value
    )

    assert selectors.application_missing_fields(application=complete) == []


@pytest.mark.parametrize("value", [None, "", []])
def test_application_missing_fields_blank_answer_is_missing(draft, value):
    question = QuestionFactory(call=draft.call)
    AnswerFactory(application=draft, question=question, value=value)

    missing = selectors.application_missing_fields(application=draft)

    assert missing[-1].name == f"question_{question.pk}"


@pytest.mark.parametrize("rows", [1, 5])
def test_application_with_everything_then_missing_fields_constant_queries(draft, rows, django_assert_num_queries):
    for index, neighbourhood in enumerate(Neighbourhood.objects.all()[:rows]):
        draft.neighbourhoods.add(neighbourhood)
        AnswerFactory(application=draft, question=QuestionFactory(call=draft.call), value=f"Réponse {index}")
        AttachmentFactory(application=draft)
        StatusChangeFactory(application=draft)

    # 1 the application and its call, then one prefetch each: neighbourhoods, attachments, answers with their
    # question, the call's questions, the status history. Checking completeness reads only what is prefetched.
    with django_assert_num_queries(6):
        application = selectors.application_with_everything(application=draft)
        missing = selectors.application_missing_fields(application=application)

    assert [field.step.slug for field in missing][:1] == ["projet"]
    assert len(application.answers.all()) == rows
    assert application.status == Status.DRAFT
