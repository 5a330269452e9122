from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from events.enums import ActorKind, EventKind, RegistrationStatus
from events.models import Registration

from .factories import ContributionFactory, EventFactory, RegistrationFactory, registration_form_data

PARIS = ZoneInfo("Europe/Paris")




def test_agenda_lists_upcoming_and_past_events(client, event, now):
    past = EventFactory(title="Matinale de l'innovation sociale", starts_at=now - timedelta(days=30),
                        ends_at=now - timedelta(days=30) + timedelta(hours=3))
    EventFactory(title="Brouillon", published=False)
    response = client.get(reverse("events:agenda"))
    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [event]
    assert list(response.context["past"]) == [past]
    assert "Brouillon" not in response.content.decode()


def test_agenda_filters_by_kind_and_neighbourhood(client, event, epeule):
    talk = EventFactory(kind=EventKind.MORNING_TALK, neighbourhood=epeule)
    response = client.get(reverse("events:agenda"), {"kind": EventKind.MORNING_TALK})
    assert list(response.context["upcoming"]) == [talk]
    response = client.get(reverse("events:agenda"), {"neighbourhood": "alma"})
    assert list(response.context["upcoming"]) == [event]


def test_agenda_with_an_unknown_filter_says_so_and_applies_what_is_valid(client, event, epeule):
    talk = EventFactory(kind=EventKind.MORNING_TALK)
    response = client.get(reverse("events:agenda"), {"kind": EventKind.MORNING_TALK, "neighbourhood": "quartier-disparu"})
    assert response.status_code == 200
    assert "Ce filtre n'existe pas ou plus" in response.content.decode()
    assert list(response.context["upcoming"]) == [talk]
    assert response.context["invalid_filter"] is True
    assert client.get(reverse("events:agenda"), {"kind": EventKind.MORNING_TALK}).context["invalid_filter"] is False


def test_agenda_pages_through_past_events(client, db, now):
    past = [
        EventFactory(starts_at=now - timedelta(days=n + 1), ends_at=now - timedelta(days=n + 1) + timedelta(hours=2))
        for n in range(13)
    ]
    url = reverse("events:agenda")

    first = client.get(url)
    assert first.context["past"] == past[:12]
    assert "passes=2#passes" in first.content.decode()
    assert "Plus récents" not in first.content.decode()

    second = client.get(url, {"passes": "2"})
    assert second.context["past"] == past[12:]
    assert "passes=1#passes" in second.content.decode()
    assert "Plus anciens" not in second.content.decode()

    assert client.get(url, {"passes": "n'importe quoi"}).context["past"] == past[:12]
    assert client.get(url, {"passes": "99"}).context["past"] == []


def test_agenda_past_pages_keep_the_filters(client, db, now, alma):
    for n in range(13):
        EventFactory(neighbourhood=alma, starts_at=now - timedelta(days=n + 1),
                     ends_at=now - timedelta(days=n + 1) + timedelta(hours=2))
    content = client.get(reverse("events:agenda"), {"neighbourhood": "alma"}).content.decode()
    assert "?neighbourhood=alma&amp;passes=2#passes" in content


def test_event_page_shows_paris_time_venue_accessibility_programme_and_seats(client, db):
    event = EventFactory(
        starts_at=datetime(2030, 3, 7, 11, 0, tzinfo=UTC),  # 12:00 in Paris
        ends_at=datetime(2030, 3, 7, 16, 30, tzinfo=UTC),
        capacity=20,
    )
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    content = client.get(event.get_absolute_url()).content.decode()
    assert "jeudi 7 mars 2030, de 12:00 à 17:30" in content
    assert "Avant-Poste" in content
    assert "accessible en fauteuil roulant" in content
    assert "trois pitchs" in content
    assert "17 places disponibles sur 20" in content


def test_unpublished_event_page_is_404(client, event):
    event.published = False
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_register_without_account(client, event, alma, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[event.slug]), registration_form_data(neighbourhood=alma.pk)
        )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:confirmation", args=[registration.token])
    assert (registration.neighbourhood, registration.user, registration.status) == (alma, None, RegistrationStatus.CONFIRMED)
    assert len(mail.outbox) == 1
    page = client.get(response["Location"])
    assert "Inscription confirmée" in page.content.decode()


def test_register_form_is_prefilled_for_members_and_links_the_account(client, event, member_user):
    client.force_login(member_user)
    form = client.get(reverse("events:register", args=[event.slug])).context["form"]
    assert form.initial == {"full_name": "Nadia Kaci", "email": "nadia.kaci@example.org"}
    client.post(reverse("events:register", args=[event.slug]), registration_form_data(email=member_user.email))
    assert Registration.objects.get().user == member_user


def test_register_without_consent_shows_the_error(client, event):
    data = registration_form_data()
    del data["consent"]
    response = client.post(reverse("events:register", args=[event.slug]), data)
    assert response.status_code == 200
    assert "Cochez cette case pour pouvoir vous inscrire." in response.content.decode()
    assert not Registration.objects.exists()


def test_register_twice_is_refused_kindly_and_resends_the_link(client, registration, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[registration.event.slug]), registration_form_data(email=registration.email.upper())
        )
    assert response.status_code == 409
    assert "Vous êtes déjà inscrit·e" in response.content.decode()
    assert "renvoyer par e-mail votre lien personnel" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert registration.get_absolute_url() in mail.outbox[0].body


def test_register_twice_from_the_waitlist_does_not_promise_a_seat(client, db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.slug]), registration_form_data(email=waiting.email))
    content = response.content.decode()
    assert response.status_code == 409
    assert "sur la liste d'attente (rang 1)" in content
    assert "votre place est bien gardée" not in content


def test_register_twice_within_ten_minutes_does_not_claim_the_link_was_resent(
    client, registration, django_capture_on_commit_callbacks
):
    url = reverse("events:register", args=[registration.event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, registration_form_data(email=registration.email))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, registration_form_data(email=registration.email))
    content = response.content.decode()
    assert response.status_code == 409
    assert "Nous venons de vous renvoyer" not in content
    assert "renvoyé par e-mail il y a quelques minutes" in content
    assert len(mail.outbox) == 1


def test_event_page_of_a_full_event_closed_to_registration_does_not_offer_the_waitlist(client, db, now):
    event = EventFactory(capacity=1, registration_closes_at=now - timedelta(hours=1))
    RegistrationFactory(event=event)
    content = client.get(event.get_absolute_url()).content.decode()
    assert "<dd>Complet</dd>" in content
    assert "liste d'attente" not in content
    assert "Les inscriptions sont closes depuis le" in content


def test_register_when_full_goes_to_waitlist(client, db):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    page = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "L'événement est complet." in page
    response = client.post(reverse("events:register", args=[event.slug]), registration_form_data())
    page = client.get(response["Location"]).content.decode()
    assert "Vous êtes n° 1 sur la liste d'attente." in page


def test_register_before_opening_shows_the_dates_and_no_form(client, event, now):
    event.registration_opens_at = datetime(2030, 1, 6, 9, 0, tzinfo=PARIS)
    event.starts_at, event.ends_at = datetime(2030, 2, 1, 18, 0, tzinfo=PARIS), datetime(2030, 2, 1, 20, 0, tzinfo=PARIS)
    event.save()
    response = client.get(reverse("events:register", args=[event.slug]))
    content = response.content.decode()
    assert "Les inscriptions ouvriront le dimanche 6 janvier 2030 à 09:00 et fermeront le vendredi 1 février 2030 à 18:00." in content
    assert "<form method=\"post\"" not in content
    client.post(reverse("events:register", args=[event.slug]), registration_form_data())
    assert not Registration.objects.exists()


def test_register_after_closing_shows_the_date(client, event, now):
    event.registration_closes_at = now - timedelta(hours=1)
    event.save()
    content = client.get(event.get_absolute_url()).content.decode()
    assert "Les inscriptions sont closes depuis le" in content


# The private manage page


def test_manage_page_shows_the_registration_and_qr_code(client, registration):
    response = client.get(registration.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Inscription confirmée au nom de" in content
    assert '<svg' in content and "qr-code" in content
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_manage_page_with_an_unknown_token_is_404(client, registration):
    assert client.get(reverse("events:manage", args=["pas-le-bon-jeton"])).status_code == 404


def test_manage_page_changes_details(client, registration, epeule):
    response = client.post(
        registration.get_absolute_url(),
        registration_form_data(full_name="Samia B.", neighbourhood=epeule.pk, actor_kind=ActorKind.RESIDENT),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.full_name, registration.neighbourhood, registration.actor_kind) == (
        "Samia B.", epeule, ActorKind.RESIDENT
    )


def test_manage_page_shows_the_table(client, registration, tables):
    registration.table = tables[1]
    registration.save()
    assert "Table 2" in client.get(registration.get_absolute_url()).content.decode()


def test_cancel_through_the_private_link(client, db, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    assert client.get(reverse("events:cancel", args=[seated.token])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel", args=[seated.token]))
    assert response.status_code == 302
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    # A second cancel changes nothing.
    client.post(reverse("events:cancel", args=[seated.token]))
    assert len(mail.outbox) == 1


def test_private_link_of_one_participant_cannot_see_or_change_another(client, running_event):
    mine = RegistrationFactory(event=running_event)
    other_event = EventFactory(starts_at=running_event.starts_at, ends_at=running_event.ends_at)
    theirs = RegistrationFactory(event=other_event, full_name="Quelqu'un d'autre")
    their_contribution = ContributionFactory(author=theirs)

    # Only my own registration is reachable with my token; theirs needs their token.
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Quelqu" not in page
    # A contribution of another event, through my link: 404, no vote recorded.
    assert client.post(reverse("events:vote", args=[mine.token, their_contribution.pk])).status_code == 404
    assert their_contribution.votes.count() == 0
    # Editing or cancelling always acts on the token's own registration.
    client.post(mine.get_absolute_url(), registration_form_data(full_name="Changé"))
    client.post(reverse("events:cancel", args=[mine.token]))
    theirs.refresh_from_db()
    assert (theirs.full_name, theirs.status) == ("Quelqu'un d'autre", RegistrationStatus.CONFIRMED)
    # Made-up tokens are 404 on every private page.
    for name in ("manage", "confirmation", "cancel", "calendar"):
        assert client.get(reverse(f"events:{name}", args=["x" * 32])).status_code == 404


def test_calendar_download(client, registration):
    response = client.get(reverse("events:calendar", args=[registration.token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{registration.event.slug}.ics"'
    assert b"BEGIN:VEVENT" in response.content


# Contributions and votes through the private link


def test_post_a_contribution_and_vote_through_the_private_link(client, running_event):
    author, voter = RegistrationFactory(event=running_event), RegistrationFactory(event=running_event)
    response = client.post(
        reverse("events:contribute", args=[author.token]), {"kind": "resource", "text": "Je prête ma camionnette"}
    )
    assert response.status_code == 302
    contribution = running_event.contributions.get()
    assert (contribution.author, contribution.kind) == (author, "resource")

    response = client.post(reverse("events:vote", args=[voter.token, contribution.pk]), {"action": "vote"})
    assert response.status_code == 302
    response = client.post(
        reverse("events:vote", args=[voter.token, contribution.pk]), {"action": "vote"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "1 soutien" in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()
    assert contribution.votes.count() == 1

    response = client.post(
        reverse("events:vote", args=[voter.token, contribution.pk]), {"action": "unvote"}, headers={"HX-Request": "true"}
    )
    assert "0 soutien" in response.content.decode()
    assert contribution.votes.count() == 0


def test_contribution_form_errors_are_shown(client, running_event):
    registration = RegistrationFactory(event=running_event)
    response = client.post(reverse("events:contribute", args=[registration.token]), {"kind": "idea", "text": ""})
    assert response.status_code == 400
    assert "Écrivez votre contribution." in response.content.decode()


def test_contributions_are_not_open_before_the_event(client, registration):
    response = client.post(reverse("events:contribute", args=[registration.token]), {"kind": "idea", "text": "Tôt"})
    assert response.status_code == 400
    assert "Les contributions ouvriront au début de l&#x27;événement" in response.content.decode()
    assert not registration.event.contributions.exists()


def test_contribution_posted_just_after_the_close_is_shown_again_with_the_reason(client, db, now):
    ended = EventFactory(starts_at=now - timedelta(days=7, hours=3), ends_at=now - timedelta(days=7, minutes=1))
    registration = RegistrationFactory(event=ended)
    response = client.post(
        reverse("events:contribute", args=[registration.token]),
        {"kind": "need", "text": "Un local pour stocker le matériel du jardin"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Les contributions sont closes depuis le" in content
    assert "Un local pour stocker le matériel du jardin</textarea>" in content
    assert not ended.contributions.exists()


# Synthesis


def test_synthesis_is_404_until_published_but_staff_can_preview(client, staff_client, running_event, django_user_model):
    url = reverse("events:synthesis", args=[running_event.slug])
    assert client.get(url).status_code == 404
    staff = django_user_model.objects.create_user(email="equipe@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert "pas encore publiée" in client.get(url).content.decode()


def test_synthesis_shows_attendance_and_ranked_contributions(client, running_event, alma):
    a = RegistrationFactory(event=running_event, actor_kind=ActorKind.RESIDENT, neighbourhood=alma, checked_in_at=running_event.starts_at)
    b = RegistrationFactory(event=running_event, actor_kind=ActorKind.RESIDENT)
    c = RegistrationFactory(event=running_event, actor_kind=ActorKind.ECONOMIC)
    kept = ContributionFactory(author=a, text="Un jardin partagé rue de l'Alma", kept_by_staff=True)
    ContributionFactory(author=b, text="Masquée", hidden=True)
    kept.votes.create(registration=b)
    kept.votes.create(registration=c)
    running_event.synthesis_published = True
    running_event.save()

    response = client.get(reverse("events:synthesis", args=[running_event.slug]))
    attendance = response.context["attendance"]
    # Three participants: every group is small, so all that shows is "fewer than 5", in both breakdowns.
    assert [(row.label, row.registered, row.present) for row in attendance["by_kind"]] == [
        ("Autres (moins de 5 chacun)", "< 5", "< 5"),
    ]
    assert [(row.label, row.registered, row.present) for row in attendance["by_neighbourhood"]] == [
        ("Autres (moins de 5 chacun)", "< 5", "< 5"),
    ]
    assert [c.text for c in response.context["contributions"]] == ["Un jardin partagé rue de l'Alma"]
    assert response.context["kept"] == [kept]
    assert "Masquée" not in response.content.decode()


def test_synthesis_never_shows_a_small_group_nor_lets_one_be_worked_out(client, running_event, alma, epeule):
    def people(count, kind, neighbourhood, present):
        for n in range(count):
            RegistrationFactory(
                event=running_event,
                actor_kind=kind,
                neighbourhood=neighbourhood,
                checked_in_at=running_event.starts_at if n < present else None,
            )

    people(7, ActorKind.ECONOMIC, alma, present=6)
    people(6, ActorKind.RESIDENT, alma, present=5)
    people(5, ActorKind.ASSOCIATIVE, epeule, present=5)
    people(2, ActorKind.INSTITUTION, epeule, present=1)  # the one small group of its breakdown
    running_event.synthesis_published = True
    running_event.save()

    response = client.get(reverse("events:synthesis", args=[running_event.slug]))

    attendance = response.context["attendance"]
    # The 2 institutions alone would be given back by the total (20, the sum by neighbourhood): the smallest
    # other group joins them.
    assert [(row.label, row.registered, row.present) for row in attendance["by_kind"]] == [
        ("Acteur économique (entreprise, commerce, indépendant·e)", 7, 6),
        ("Habitant·e", 6, 5),
        ("Autres", 7, 6),
    ]
    assert [(row.label, row.registered, row.present) for row in attendance["by_neighbourhood"]] == [
        ("Alma", 13, 11),
        ("Épeule", 7, 6),
    ]
    assert "Institution" not in response.content.decode()


def test_synthesis_groups_several_small_groups_together(client, running_event, alma):
    for kind in (ActorKind.CULTURAL, ActorKind.CULTURAL, ActorKind.SOCIAL, ActorKind.SOCIAL, ActorKind.INSTITUTION):
        RegistrationFactory(event=running_event, actor_kind=kind, neighbourhood=alma)
    for _n in range(5):
        RegistrationFactory(event=running_event, actor_kind=ActorKind.RESIDENT, neighbourhood=alma)
    from events import selectors

    attendance = selectors.event_attendance(event=running_event)

    assert [(row.label, row.registered, row.present) for row in attendance["by_kind"]] == [
        ("Habitant·e", 5, 0),
        ("Autres (moins de 5 chacun)", 5, 0),
    ]
    assert [(row.label, row.registered, row.present) for row in attendance["by_neighbourhood"]] == [
        ("Alma", 10, 0),
    ]


@pytest.mark.parametrize("name", ["agenda"])
def test_pages_have_no_inline_script_or_style(client, event, name):
    content = client.get(reverse(f"events:{name}")).content.decode()
    assert "<script>" not in content
    assert "style=" not in content


@pytest.fixture
def own_cache(settings):
    # A cache of this test's own: the shared Redis may be cleared by tests running in parallel elsewhere.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate"}}


@pytest.fixture
def registration_rate(settings, own_cache):
    """Sets the registrations' rate in allauth's ACCOUNT_RATE_LIMITS (the production one unless a test says)."""
    from events.views.throttle import REGISTRATION_ACTION, REGISTRATION_RATE_LIMIT

    def set_rate(rate: str = REGISTRATION_RATE_LIMIT) -> None:
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, REGISTRATION_ACTION: rate}

    set_rate()
    return set_rate


def test_register_from_one_shared_address_lets_a_whole_room_in(client, event, registration_rate):
    # A venue's Wi-Fi, or everybody behind the production proxy: one address, many people.
    event.capacity = 60
    event.save()
    url = reverse("events:register", args=[event.slug])
    for n in range(50):
        assert client.post(url, registration_form_data(email=f"p{n}@example.org"), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert Registration.objects.count() == 50


def test_register_rate_limit_per_email_keeps_the_form(client, registration, registration_rate):
    url = reverse("events:register", args=[registration.event.slug])
    data = registration_form_data(email=registration.email.upper(), full_name="Samia Benali", organisation="Alma Cité")
    for _attempt in range(5):  # the production rate: 5 an hour per e-mail
        assert client.post(url, data).status_code == 409
    response = client.post(url, data)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Trop d&#x27;inscriptions sont parties de cette connexion" in content
    assert 'value="Samia Benali"' in content
    assert 'value="Alma Cité"' in content
    # Another person on the same connection is not held back.
    assert client.post(url, registration_form_data(email="voisine@example.org")).status_code == 302


def test_register_rate_limit_per_email_holds_from_another_address(client, registration, registration_rate):
    registration_rate("200/h/ip,2/h/key")
    url = reverse("events:register", args=[registration.event.slug])
    for address in ["10.0.0.1", "10.0.0.2"]:
        assert client.post(url, registration_form_data(email=registration.email), REMOTE_ADDR=address).status_code == 409
    assert client.post(url, registration_form_data(email=registration.email), REMOTE_ADDR="10.0.0.3").status_code == 429


def test_register_rate_limit_per_address_stops_a_bot(client, event, registration_rate):
    registration_rate("3/h/ip,5/h/key")
    url = reverse("events:register", args=[event.slug])
    for n in range(3):
        assert client.post(url, registration_form_data(email=f"p{n}@example.org")).status_code == 302
    response = client.post(url, registration_form_data(email="one-more@example.org"))
    assert response.status_code == 429
    assert Registration.objects.count() == 3
    # Another address is not concerned.
    assert client.post(url, registration_form_data(email="autre@example.org"), REMOTE_ADDR="10.9.9.9").status_code == 302


def test_register_invalid_forms_do_not_count_against_the_limit(client, event, registration_rate):
    registration_rate("200/h/ip,1/h/key")
    url = reverse("events:register", args=[event.slug])
    for _attempt in range(5):
        assert client.post(url, registration_form_data(consent="")).status_code == 200
    assert client.post(url, registration_form_data()).status_code == 302


def test_register_ignores_x_forwarded_for_without_a_trusted_proxy(client, event, registration_rate, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    registration_rate("2/h/ip,5/h/key")
    url = reverse("events:register", args=[event.slug])
    # A bot writing a new X-Forwarded-For each time still comes from one address.
    for n in range(2):
        response = client.post(url, registration_form_data(email=f"a{n}@example.org"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 302
    assert client.post(url, registration_form_data(email="a2@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_register_behind_a_trusted_proxy_limits_each_client_separately(client, event, registration_rate, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    registration_rate("2/h/ip,5/h/key")
    url = reverse("events:register", args=[event.slug])
    # The proxy appended the address it saw; what the client wrote itself (6.6.6.6, further left) is ignored.
    for n in range(2):
        forwarded = f"6.6.6.{n}, 203.0.113.7"
        response = client.post(url, registration_form_data(email=f"a{n}@example.org"), HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 302
    assert client.post(url, registration_form_data(email="a2@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.post(url, registration_form_data(email="b0@example.org"), HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 302


def test_registration_rate_is_in_the_settings():
    from allauth.account import app_settings

    from events.views.throttle import REGISTRATION_ACTION, REGISTRATION_RATE_LIMIT

    assert app_settings.RATE_LIMITS[REGISTRATION_ACTION] == REGISTRATION_RATE_LIMIT == "200/h/ip,5/h/key"


def test_registration_rate_check_warns_only_without_a_rate(settings):
    from events.checks import registration_rate_limit_configured

    settings.ACCOUNT_RATE_LIMITS = {"login": "120/m/ip"}
    assert [message.id for message in registration_rate_limit_configured(None)] == ["events.W001"]
    settings.ACCOUNT_RATE_LIMITS = {"login": "120/m/ip", "event_registration": "200/h/ip,5/h/key"}
    assert registration_rate_limit_configured(None) == []


def test_vote_on_a_contribution_hidden_meanwhile_says_so(client, running_event):
    author, voter = RegistrationFactory(event=running_event), RegistrationFactory(event=running_event)
    contribution = ContributionFactory(author=author, hidden=True)
    response = client.post(
        reverse("events:vote", args=[voter.token, contribution.pk]), {"action": "vote"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "plus proposée au vote" in response.content.decode()
    assert "Je soutiens" not in response.content.decode()
    assert contribution.votes.count() == 0
