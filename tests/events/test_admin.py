from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.enums import RegistrationStatus
from events.models import Contribution

from .factories import ContributionFactory, EventFactory, RegistrationFactory


@pytest.fixture
def admin_client_(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="equipe@ville-roubaix.test", password="x")
    client.force_login(admin)
    return client


def action(client, model, name, pks):
    return client.post(
        reverse(f"admin:events_{model}_changelist"),
        {"action": name, "_selected_action": [str(pk) for pk in pks]},
        follow=True,
    )


@pytest.mark.parametrize("model", ["event", "registration", "contribution"])
def test_admin_changelists_and_forms_load(admin_client_, running_event, model):
    registration = RegistrationFactory(event=running_event)
    contribution = ContributionFactory(author=registration)
    obj = {"event": running_event, "registration": registration, "contribution": contribution}[model]
    assert admin_client_.get(reverse(f"admin:events_{model}_changelist")).status_code == 200
    assert admin_client_.get(reverse(f"admin:events_{model}_change", args=[obj.pk])).status_code == 200


def test_admin_cancel_action_promotes_the_waitlist(admin_client_, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    with django_capture_on_commit_callbacks(execute=True):
        action(admin_client_, "registration", "cancel_registrations", [seated.pk])
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_admin_check_in_action(admin_client_, registration):
    action(admin_client_, "registration", "check_in_registrations", [registration.pk])
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in response.context["messages"]]


def test_admin_assign_tables_action_seats_then_only_newcomers_and_says_so(admin_client_, event, tables):
    first = RegistrationFactory.create_batch(4, event=event)
    response = action(admin_client_, "event", "assign_tables", [event.pk])
    assert messages_of(response) == [("success", f"{event} : 4 personnes sont placées.")]
    before = dict(event.registrations.values_list("pk", "table_id"))
    assert None not in before.values()

    response = action(admin_client_, "event", "assign_tables", [event.pk])
    assert messages_of(response) == [
        ("success", f"{event} : Personne de plus à placer : les 4 déjà assises gardent leur table.")
    ]

    late = RegistrationFactory(event=event)
    response = action(admin_client_, "event", "assign_tables", [event.pk])
    assert messages_of(response) == [
        ("success", f"{event} : 1 personne de plus est placée ; les 4 déjà assises gardent leur table.")
    ]
    after = dict(event.registrations.values_list("pk", "table_id"))
    assert {person.pk: after[person.pk] for person in first} == before
    assert after[late.pk] is not None


def test_admin_reassign_tables_action_seats_everyone_afresh(admin_client_, event, tables):
    RegistrationFactory.create_batch(3, event=event)
    action(admin_client_, "event", "assign_tables", [event.pk])
    response = action(admin_client_, "event", "reassign_tables", [event.pk])
    assert messages_of(response) == [("success", f"{event} : 3 personnes sont placées.")]


def test_admin_assign_tables_action_warns_of_people_without_a_seat(admin_client_, event):
    from .factories import TableFactory

    TableFactory(event=event, seats=2)
    RegistrationFactory.create_batch(3, event=event)
    response = action(admin_client_, "event", "assign_tables", [event.pk])
    assert messages_of(response) == [
        ("warning", f"{event} : 2 personnes sont placées. 1 personne n'a pas de place faute de sièges.")
    ]


def test_admin_registration_assign_tables_action_seats_their_events_once(admin_client_, event, tables):
    people = RegistrationFactory.create_batch(2, event=event)
    action(admin_client_, "event", "assign_tables", [event.pk])
    late = RegistrationFactory(event=event)
    response = action(admin_client_, "registration", "assign_tables", [person.pk for person in [*people, late]])
    assert messages_of(response) == [
        ("success", f"{event} : 1 personne de plus est placée ; les 2 déjà assises gardent leur table.")
    ]


def test_admin_merge_hide_and_keep_actions(admin_client_, running_event):
    a, b, c = (RegistrationFactory(event=running_event) for _n in range(3))
    popular = ContributionFactory(author=a)
    popular.votes.create(registration=b)
    duplicate = ContributionFactory(author=b)
    spam = ContributionFactory(author=c)
    action(admin_client_, "contribution", "merge", [popular.pk, duplicate.pk])
    action(admin_client_, "contribution", "hide", [spam.pk])
    action(admin_client_, "contribution", "keep", [popular.pk])
    assert Contribution.objects.get(pk=duplicate.pk).merged_into_id == popular.pk
    assert Contribution.objects.get(pk=spam.pk).hidden is True
    assert Contribution.objects.get(pk=popular.pk).kept_by_staff is True


def test_admin_date_change_tells_participants(admin_client_, event, registration, django_capture_on_commit_callbacks):
    url = reverse("admin:events_event_change", args=[event.pk])
    form = admin_client_.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    new_start = timezone.localtime(event.starts_at + timedelta(days=2))
    new_end = new_start + timedelta(hours=3)
    data.update(
        {
            "starts_at_0": new_start.strftime("%d/%m/%Y"),
            "starts_at_1": new_start.strftime("%H:%M:%S"),
            "ends_at_0": new_end.strftime("%d/%m/%Y"),
            "ends_at_1": new_end.strftime("%H:%M:%S"),
            "published": "on",
            "tables-TOTAL_FORMS": "0",
            "tables-INITIAL_FORMS": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        }
    )
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    for name in ("registration_opens_at", "registration_closes_at"):
        data.pop(name, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event.refresh_from_db()
    assert event.schedule_sequence == 1
    assert [m.subject for m in mail.outbox] == [f"Changement de date : {event.title}"]


def event_form_data(event, **overrides):
    def split(value):
        local = timezone.localtime(value)
        return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")

    data = {
        "kind": event.kind,
        "title": event.title,
        "slug": event.slug,
        "starts_at_0": split(event.starts_at)[0],
        "starts_at_1": split(event.starts_at)[1],
        "ends_at_0": split(event.ends_at)[0],
        "ends_at_1": split(event.ends_at)[1],
        "venue": event.venue,
        "capacity": str(event.capacity),
        "audience": event.audience,
        "published": "on",
        "tables-TOTAL_FORMS": "0",
        "tables-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_refuses_fewer_seats_than_people_confirmed(admin_client_, event):
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    url = reverse("admin:events_event_change", args=[event.pk])

    response = admin_client_.post(url, event_form_data(event, capacity="2"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "capacity": [
            "3 personnes ont déjà une place confirmée : la capacité ne peut pas descendre en dessous. "
            "Annulez d'abord des inscriptions si la salle est plus petite."
        ]
    }
    event.refresh_from_db()
    assert event.capacity == 20
    assert admin_client_.post(url, event_form_data(event, capacity="3")).status_code == 302
    event.refresh_from_db()
    assert event.capacity == 3


def test_event_save_refuses_fewer_seats_than_people_confirmed(event):
    from django.core.exceptions import ValidationError

    from events import services

    RegistrationFactory.create_batch(3, event=event)
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, fields={"capacity": 2})
    assert list(error.value.message_dict) == ["capacity"]
    event.refresh_from_db()
    assert event.capacity == 20


def test_admin_refuses_a_registration_window_closing_after_the_event(admin_client_, event):
    late = timezone.localtime(event.ends_at + timedelta(hours=1))
    response = admin_client_.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form_data(
            event,
            registration_closes_at_0=late.strftime("%Y-%m-%d"),
            registration_closes_at_1=late.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "registration_closes_at": ["Les inscriptions doivent fermer au plus tard à la fin de l'événement."]
    }
