"""The cohort's admin: seats never below the projects holding one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts import services
from cohorts.models import Cohort

pytestmark = pytest.mark.django_db


def _form_data(cohort, **changes):
    data = {
        "call": cohort.call_id,
        "name": cohort.name,
        "seats": cohort.seats,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_cohort_admin_refuses_fewer_seats_than_members(client, superuser, released_cohort):
    cohort, members, _ = released_cohort  # 2 seats, 2 members
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cohorts_cohort_change", args=[cohort.pk]), _form_data(cohort, seats=1, name="Promotion 2026 bis")
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {
        "seats": [
            "La promotion compte déjà 2 projet(s) en cours ou ayant terminé le parcours : elle ne peut pas avoir moins "
            "de 2 place(s). Pour libérer une place, enregistrez d'abord le désistement d'un projet."
        ]
    }
    assert form["name"].value() == "Promotion 2026 bis"  # what was typed stays
    cohort.refresh_from_db()
    assert (cohort.seats, cohort.name) == (2, "Promotion 2026")


def test_cohort_admin_accepts_as_many_seats_as_members_or_more(client, superuser, released_cohort):
    cohort, _, _ = released_cohort
    client.force_login(superuser)

    response = client.post(reverse("admin:cohorts_cohort_change", args=[cohort.pk]), _form_data(cohort, seats=3))

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.seats == 3


def test_cohort_admin_counts_members_who_left_as_free_seats(client, superuser, released_cohort, manager):
    cohort, members, _ = released_cohort
    services.membership_transition(membership=members[0], to="left", reason="Déménagement à Lyon.")
    client.force_login(superuser)

    response = client.post(reverse("admin:cohorts_cohort_change", args=[cohort.pk]), _form_data(cohort, seats=1))

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.seats == 1


def test_cohort_save_refuses_fewer_seats_than_members(released_cohort):
    cohort, _, _ = released_cohort
    cohort.seats = 1

    with pytest.raises(ValidationError) as raised:
        services.cohort_save(cohort=cohort)

    assert list(raised.value.message_dict) == ["seats"]
    assert Cohort.objects.get(pk=cohort.pk).seats == 2


def test_cohort_admin_creates_a_cohort(client, superuser, call):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:cohorts_cohort_add"),
        {
            "call": call.pk,
            "name": "Promotion 2027",
            "seats": 6,
            "starts_on": "2027-09-01",
            "ends_on": "2028-06-30",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Cohort.objects.get().seats == 6
