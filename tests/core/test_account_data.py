"""A person's own copy of their data (RGPD, right of access and portability)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import Gender, Status
from cohorts.models import ImpactReport
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories.applications import AnswerFactory, ApplicationFactory, AttachmentFactory
from tests.factories.core import UserFactory
from tests.mentors.factories import MembershipFactory, MentorFactory

pytestmark = pytest.mark.django_db

URL = reverse("account_data")


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_copy_holds_the_account_applications_registrations_and_impact_reports(client):
    holder = UserFactory(email="samia@example.org", full_name="Samia Benali")
    application = ApplicationFactory(
        applicant=holder, complete=True, status=Status.SUBMITTED, project_name="Cantine de l'Alma",
        holder_gender=Gender.WOMAN,
    )  # fmt: skip
    AnswerFactory(application=application, question__call=application.call, question__label="Comment nous avez-vous connus ?", value="Par le centre social")
    AttachmentFactory(application=application, original_name="budget.pdf")
    RegistrationFactory(
        event=EventFactory(title="CaféLabo Quartiers à l'Épeule"), user=holder, email=holder.email,
        accessibility_needs="Interprète LSF",
    )  # fmt: skip
    membership = MembershipFactory(application__applicant=holder, application__project_name="Répar'Vélo")
    ImpactReport.objects.create(membership=membership, year=2026, quarter=1, jobs_created=2, beneficiaries=40)
    someone_else = ApplicationFactory(project_name="Projet d'une autre personne")
    client.force_login(holder)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-roubaix-innovation-sociale.json"'
    data = json.loads(response.content)
    assert list(data) == ["Compte", "Candidatures", "Bilans d'impact déclarés", "Inscriptions aux événements"]
    assert data["Compte"]["adresse e-mail"] == "samia@example.org"
    assert data["Compte"]["nom complet"] == "Samia Benali"
    applications = {row["nom du projet"]: row for row in data["Candidatures"]}
    assert set(applications) == {"Cantine de l'Alma", "Répar'Vélo"}
    cantine = applications["Cantine de l'Alma"]
    assert cantine["statut"] == "Soumise"
    assert cantine["genre"] == "Femme"
    assert cantine["Réponses aux questions de l'appel"] == {"Comment nous avez-vous connus ?": "Par le centre social"}
    assert cantine["Documents"] == ["budget.pdf"]
    [registration] = data["Inscriptions aux événements"]
    assert registration["Événement"] == "CaféLabo Quartiers à l'Épeule"
    assert registration["besoins d'accessibilité"] == "Interprète LSF"
    [impact] = data["Bilans d'impact déclarés"]
    assert (impact["Projet"], impact["emplois créés"]) == ("Répar'Vélo", 2)
    assert someone_else.project_name not in response.content.decode()


def test_a_mentor_finds_their_profile_in_words(client):
    mentor = MentorFactory(expertise=["funding"], languages=["fr", "ar"])
    client.force_login(mentor.user)

    [profile] = client.get(URL).json()["Profil de mentor"]

    assert profile["langues parlées"] == ["Français", "Arabe"]
    assert profile["expertises"] == ["Financement"]


def test_the_deletion_page_offers_the_copy_first(client):
    client.force_login(UserFactory())

    assert URL in client.get(reverse("account_delete")).content.decode()


def test_a_past_registration_without_the_account_but_with_the_same_address_is_included(client):
    holder = UserFactory(email="samia@example.org")
    RegistrationFactory(event=EventFactory(starts_at=timezone.now() - timedelta(days=30)), email="Samia@Example.org")
    client.force_login(holder)

    assert len(client.get(URL).json()["Inscriptions aux événements"]) == 1
