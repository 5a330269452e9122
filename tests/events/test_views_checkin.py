import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.enums import ActorKind, RegistrationStatus
from events.models import Registration

from .factories import RegistrationFactory


def staff_urls(registration, tables=()):
    slug = registration.event.slug
    urls = [
        ("get", reverse("events:checkin", args=[slug])),
        ("get", reverse("events:checkin_counts", args=[slug])),
        ("get", reverse("events:walk_in", args=[slug])),
        ("get", reverse("events:tables", args=[slug])),
        ("get", reverse("events:checkin_person", args=[registration.pk])),
        ("post", reverse("events:checkin_toggle", args=[registration.pk])),
        ("post", reverse("events:tables", args=[slug])),
    ]
    urls += [("get", reverse("events:table_sheet", args=[slug, table.pk])) for table in tables]
    return urls


def test_checkin_pages_send_anonymous_visitors_to_login(client, registration, tables):
    for method, url in staff_urls(registration, tables):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/compte/login/?next="), url
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_checkin_pages_are_404_for_members_and_staff_without_the_permission(client, registration, tables, member_user, django_user_model):
    staff_without_permission = django_user_model.objects.create_user(email="jury@example.org", is_staff=True)
    member_with_permission = django_user_model.objects.create_user(email="notstaff@example.org")
    member_with_permission.user_permissions.add(Permission.objects.get(codename="change_registration"))
    for user in (member_user, staff_without_permission, member_with_permission):
        client.force_login(user)
        for method, url in staff_urls(registration, tables):
            assert getattr(client, method)(url).status_code == 404, (user, url)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert registration.table is None


def test_checkin_list_for_staff_with_search(staff_client, event):
    RegistrationFactory(event=event, full_name="Elise Depecker", organisation="ATIS")
    RegistrationFactory(event=event, full_name="Tarik Ghezali", organisation="Marseille Solutions")
    RegistrationFactory(event=event, full_name="Annulée", status=RegistrationStatus.CANCELLED)
    response = staff_client.get(reverse("events:checkin", args=[event.slug]))
    assert [r.full_name for r in response.context["registrations"]] == ["Elise Depecker", "Tarik Ghezali"]
    assert "<strong>0</strong> présent·es sur <strong>2</strong> inscrit·es" in response.content.decode()

    response = staff_client.get(reverse("events:checkin", args=[event.slug]), {"q": "marseille"})
    assert [r.full_name for r in response.context["registrations"]] == ["Tarik Ghezali"]

    response = staff_client.get(
        reverse("events:checkin", args=[event.slug]),
        {"q": "atis"},
        headers={"HX-Request": "true", "HX-Target": "checkin-results"},
    )
    assert "<html" not in response.content.decode()
    assert "Elise Depecker" in response.content.decode()


def test_one_tap_check_in_and_undo(staff_client, registration):
    url = reverse("events:checkin_toggle", args=[registration.pk])
    response = staff_client.post(url, {"action": "check_in", "next": f"/evenements/accueil/{registration.event.slug}/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == f"/evenements/accueil/{registration.event.slug}/?q=x"
    registration.refresh_from_db()
    first_time = registration.checked_in_at
    assert first_time is not None

    # Tapping again (a double tap) keeps the first time.
    staff_client.post(url, {"action": "check_in"})
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time

    staff_client.post(url, {"action": "undo"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_with_htmx_returns_the_row_and_the_new_count(staff_client, registration):
    response = staff_client.post(
        reverse("events:checkin_toggle", args=[registration.pk]), {"action": "check_in"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert f'id="registration-{registration.pk}"' in content
    assert "Présent·e (" in content
    assert 'hx-swap-oob="true"' in content
    assert "<strong>1</strong> présent·es sur <strong>1</strong> inscrit·es" in content


def test_check_in_redirect_refuses_other_sites(staff_client, registration):
    response = staff_client.post(
        reverse("events:checkin_toggle", args=[registration.pk]), {"action": "check_in", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("events:checkin", args=[registration.event.slug])


def test_qr_code_opens_the_person_check_in_page(client, staff_client, registration):
    from events.emails import checkin_url

    url = checkin_url(registration)
    assert url == f"https://innovation-sociale.roubaix.test/evenements/accueil/inscription/{registration.pk}/"
    response = staff_client.get(url.removeprefix("https://innovation-sociale.roubaix.test"))
    assert response.status_code == 200
    assert "Pointer présent·e" in response.content.decode()


def test_walk_in_form(staff_client, event, alma):
    response = staff_client.post(
        reverse("events:walk_in", args=[event.slug]),
        {"full_name": "Jean-Christophe L.", "email": "", "organisation": "La Condition Publique",
         "actor_kind": ActorKind.CULTURAL, "neighbourhood": alma.pk, "consent": "on"},
    )
    assert response.status_code == 302
    walk_in = Registration.objects.get()
    assert (walk_in.walk_in, walk_in.checked_in_at is not None, walk_in.neighbourhood) == (True, True, alma)


def test_walk_in_needs_the_persons_consent(staff_client, event):
    response = staff_client.post(
        reverse("events:walk_in", args=[event.slug]), {"full_name": "X", "actor_kind": ActorKind.RESIDENT}
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_tables_page_assigns_and_prints_a_sheet_per_table(staff_client, event, tables):
    people = RegistrationFactory.create_batch(6, event=event)
    response = staff_client.post(reverse("events:tables", args=[event.slug]))
    assert response.status_code == 302
    page = staff_client.get(reverse("events:tables", args=[event.slug]))
    assert [t.seated for t in page.context["tables"]] == [2, 2, 1, 1]
    sheet = staff_client.get(reverse("events:table_sheet", args=[event.slug, tables[0].pk])).content.decode()
    seated_here = [p.full_name for p in people if Registration.objects.get(pk=p.pk).table_id == tables[0].pk]
    assert all(name in sheet for name in seated_here)
    assert "data-print" in sheet


def test_tables_page_seats_late_arrivals_without_moving_anyone_unless_asked(staff_client, event, tables):
    first = RegistrationFactory.create_batch(4, event=event)
    url = reverse("events:tables", args=[event.slug])
    staff_client.post(url)
    before = dict(Registration.objects.values_list("pk", "table_id"))
    page = staff_client.get(url).content.decode()
    assert "Placer les personnes sans table" in page
    assert "Tout redistribuer" in page

    late = RegistrationFactory(event=event)
    response = staff_client.post(url, follow=True)
    assert "1 personne de plus est placée ; les 4 déjà assises gardent leur table." in response.content.decode()
    after = dict(Registration.objects.values_list("pk", "table_id"))
    assert {p.pk: after[p.pk] for p in first} == before
    assert after[late.pk] is not None

    response = staff_client.post(url, {"mode": "everyone"}, follow=True)
    assert "5 personnes sont placées." in response.content.decode()


def test_table_sheet_of_another_event_is_404(staff_client, event, tables):
    from .factories import TableFactory

    other = TableFactory()
    assert staff_client.get(reverse("events:table_sheet", args=[event.slug, other.pk])).status_code == 404


@pytest.mark.parametrize("name", ["checkin", "walk_in", "tables"])
def test_staff_pages_have_no_inline_script_or_style(staff_client, event, name):
    content = staff_client.get(reverse(f"events:{name}", args=[event.slug])).content.decode()
    assert "<script>" not in content
    assert "style=" not in content


def test_htmx_row_keeps_the_list_as_next_page(staff_client, registration):
    list_url = f"/evenements/accueil/{registration.event.slug}/?q=part"
    response = staff_client.post(
        reverse("events:checkin_toggle", args=[registration.pk]),
        {"action": "check_in", "next": list_url},
        headers={"HX-Request": "true"},
    )
    assert f'name="next" value="{list_url}"' in response.content.decode()
