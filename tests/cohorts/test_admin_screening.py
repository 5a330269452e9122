"""Ineligible files from the admin: an intermediate page asks for the outcome, the reasons and the partner."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from applications.enums import Status
from cohorts.enums import Outcome
from cohorts.models import Decision, Review

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:applications_application_changelist"


def _post(client, applications, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": "screen_ineligible", "_selected_action": [a.pk for a in applications], **data},
    )


def test_screen_ineligible_action_first_shows_the_form_with_the_files(client, superuser, make_application):
    application = make_application(status=Status.SUBMITTED, project_name="Friperie du Pile")
    client.force_login(superuser)

    response = _post(client, [application])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/cohorts/action_form.html"
    page = response.content.decode()
    assert "Friperie du Pile — Soumise" in page
    assert f'name="_selected_action" value="{application.pk}"' in page
    assert not response.context["form"].errors
    assert not Decision.objects.exists()


def test_screen_ineligible_action_prepares_a_referral(client, superuser, make_application):
    application = make_application(status=Status.SUBMITTED, project_name="Friperie du Pile")
    client.force_login(superuser)

    response = _post(
        client,
        [application],
        apply="1",
        outcome=Outcome.REFERRED,
        reasons="Le projet vise Lille, hors du territoire de l'appel.",
        referral_partner="Incubateur de la Métropole européenne de Lille",
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.application, decision.outcome, decision.reasons, decision.referral_partner) == (
        application,
        Outcome.REFERRED,
        "Le projet vise Lille, hors du territoire de l'appel.",
        "Incubateur de la Métropole européenne de Lille",
    )
    assert (decision.decided_by, decision.released_at) == (superuser, None)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 dossier(s) non recevable(s) : la décision est préparée, elle partira avec les autres."
    ]


def test_screen_ineligible_action_refuses_a_rejection_without_reasons_or_partner(client, superuser, make_application):
    application = make_application(status=Status.SUBMITTED)
    client.force_login(superuser)

    response = _post(client, [application], apply="1", outcome=Outcome.REJECTED, reasons="  ", referral_partner="")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "reasons": ["Expliquez les motifs de la décision : le porteur de projet les lira."],
        "referral_partner": [
            "Indiquez la structure vers laquelle orienter le projet : personne n'est refusé sans autre piste."
        ],
    }
    assert form["outcome"].value() == Outcome.REJECTED  # what was chosen stays
    assert f'name="_selected_action" value="{application.pk}"' in response.content.decode()
    assert not Decision.objects.exists()


def test_screen_ineligible_action_refuses_a_referral_without_partner(client, superuser, make_application):
    application = make_application(status=Status.SUBMITTED)
    client.force_login(superuser)

    response = _post(
        client, [application], apply="1", outcome=Outcome.REFERRED, reasons="Hors territoire.", referral_partner=""
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["referral_partner"]
    assert response.context["form"]["reasons"].value() == "Hors territoire."
    assert not Decision.objects.exists()


def test_screen_ineligible_action_skips_files_not_submitted_with_a_message(client, superuser, make_application):
    submitted = make_application(status=Status.SUBMITTED, project_name="Friperie du Pile")
    reviewed = make_application(status=Status.UNDER_REVIEW, project_name="Atelier vélo")
    client.force_login(superuser)
    page = _post(client, [submitted, reviewed])
    assert page.context["warnings"] == ["« Atelier vélo » n'est pas au statut « Soumise » : il sera laissé de côté."]

    response = _post(
        client,
        [submitted, reviewed],
        apply="1",
        outcome=Outcome.REJECTED,
        reasons="Le projet n'a pas de dimension sociale.",
        referral_partner="Réseau Entreprendre Hauts-de-France",
    )

    assert response.status_code == 302
    assert list(Decision.objects.values_list("application_id", flat=True)) == [submitted.pk]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "« Atelier vélo » est au statut « En cours d'examen » : il ne peut pas passer au statut « Non retenue ».",
        "1 dossier(s) non recevable(s) : la décision est préparée, elle partira avec les autres.",
    ]


def test_screen_ineligible_action_is_not_offered_to_a_jury_member(client, jury_member, make_application):
    client.force_login(jury_member)

    application = make_application(status=Status.SUBMITTED)
    Review.objects.create(application=application, reviewer=jury_member)

    response = client.get(reverse(CHANGELIST))
    refused = _post(client, [application], apply="1", outcome=Outcome.REFERRED, reasons="x", referral_partner="y")

    assert response.context["action_form"] is None  # no bulk action at all for a jury member
    assert refused.status_code == 200  # the plain list again: the action does not exist for them
    assert not Decision.objects.exists()
