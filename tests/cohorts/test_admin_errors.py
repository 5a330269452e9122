"""A wrong step in the selection's admin gives the manager or the jury member a French message, never a 500."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from applications.enums import Status
from cohorts.enums import Outcome, Recommendation
from cohorts.models import Decision, Review

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _action(client, action: str, applications):
    return client.post(
        reverse("admin:applications_application_changelist"),
        {"action": action, "_selected_action": [a.pk for a in applications]},
    )


def test_screen_eligible_action_on_a_file_under_review_shows_a_french_message(client, superuser, make_application):
    application = make_application(status=Status.UNDER_REVIEW, project_name="Épicerie de l'Épeule")
    client.force_login(superuser)

    response = _action(client, "screen_eligible", [application])

    assert response.status_code == 302
    assert _messages(response) == [
        "« Épicerie de l'Épeule » est au statut « En cours d'examen » : "
        "il ne peut pas passer au statut « En cours d'examen »."
    ]
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW


def test_shortlist_action_on_a_submitted_file_shows_a_french_message(client, superuser, make_application):
    submitted = make_application(status=Status.SUBMITTED, project_name="Garage solidaire")
    reviewed = make_application(status=Status.UNDER_REVIEW, project_name="Atelier vélo")
    client.force_login(superuser)

    response = _action(client, "shortlist", [submitted, reviewed])

    assert response.status_code == 302
    assert _messages(response) == [
        "« Garage solidaire » est au statut « Soumise » : il ne peut pas passer au statut « Présélectionnée ».",
        "1 dossier(s) présélectionné(s).",
    ]
    submitted.refresh_from_db()
    reviewed.refresh_from_db()
    assert (submitted.status, reviewed.status) == (Status.SUBMITTED, Status.SHORTLISTED)


def test_decision_admin_refuses_accepting_a_file_still_under_review(client, superuser, make_application):
    application = make_application(status=Status.UNDER_REVIEW, project_name="Atelier vélo")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cohorts_decision_add"),
        {
            "application": application.pk,
            "outcome": Outcome.ACCEPTED,
            "reasons": "Un projet très attendu à l'Alma.",
            "referral_partner": "",
        },
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["outcome"] == [
        "« Atelier vélo » est au statut « En cours d'examen » : la décision « Retenue » n'est pas possible. "
        "Présélectionnez d'abord le dossier pour le comité."
    ]
    # What was typed stays in the form.
    assert form["reasons"].value() == "Un projet très attendu à l'Alma."
    assert not Decision.objects.exists()


def test_decision_admin_refuses_changing_to_an_impossible_outcome(client, superuser, make_application, prepare):
    application = make_application(status=Status.UNDER_REVIEW, project_name="Atelier vélo")
    decision = prepare(application, Outcome.REJECTED)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cohorts_decision_change", args=[decision.pk]),
        {"outcome": Outcome.WAITLISTED, "reasons": "En attente.", "referral_partner": ""},
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["outcome"]
    decision.refresh_from_db()
    assert decision.outcome == Outcome.REJECTED


def test_reviewer_submitting_on_a_call_without_grid_gets_a_french_message(client, jury_member, make_application):
    review = Review.objects.create(application=make_application(), reviewer=jury_member)
    client.force_login(jury_member)

    response = client.post(
        reverse("admin:cohorts_review_change", args=[review.pk]),
        {
            "recommendation": Recommendation.YES,
            "comment": "Un vrai besoin à l'Alma.",
            "conflict_reason": "",
            "scores-TOTAL_FORMS": "0",
            "scores-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == [
        "L'appel n'a pas encore de grille de notation : l'évaluation ne peut pas être envoyée. "
        "Prévenez l'équipe du programme ; vos réponses restent affichées."
    ]
    assert form["comment"].value() == "Un vrai besoin à l'Alma."
    review.refresh_from_db()
    assert review.submitted_at is None
