from collections import Counter

from events import services
from events.enums import ActorKind, RegistrationStatus
from events.models import Registration

from .factories import RegistrationFactory, TableFactory


def seating(event) -> dict[int, list[Registration]]:
    tables: dict[int, list[Registration]] = {}
    for registration in event.registrations.filter(table__isnull=False).select_related("table"):
        tables.setdefault(registration.table_id, []).append(registration)
    return tables


def add_people(event, kinds: dict[str, int], neighbourhoods=(None,)):
    people = []
    for kind, count in kinds.items():
        for n in range(count):
            people.append(
                RegistrationFactory(event=event, actor_kind=kind, neighbourhood=neighbourhoods[n % len(neighbourhoods)])
            )
    return people


def test_tables_assign_respects_seats_and_spreads_actor_kinds(event, tables, alma, epeule):
    # 4 tables of 5 seats, 19 people: kinds of very different sizes, registered kind after kind.
    add_people(
        event,
        {ActorKind.RESIDENT: 7, ActorKind.ASSOCIATIVE: 5, ActorKind.ECONOMIC: 4, ActorKind.INSTITUTION: 2,
         ActorKind.CULTURAL: 1},
        neighbourhoods=(alma, epeule),
    )
    result = services.tables_assign(event=event)

    assert (result.assigned, result.unassigned) == (19, 0)
    seated = seating(event)
    assert sorted(len(people) for people in seated.values()) == [4, 5, 5, 5]
    for kind in ActorKind.values:
        per_table = [Counter(p.actor_kind for p in seated.get(t.pk, []))[kind] for t in tables]
        assert max(per_table) - min(per_table) <= 1, (kind, per_table)
    for neighbourhood in (alma, epeule):
        per_table = [sum(p.neighbourhood_id == neighbourhood.pk for p in seated.get(t.pk, [])) for t in tables]
        assert max(per_table) - min(per_table) <= 1, (neighbourhood, per_table)


def test_tables_assign_with_more_people_than_seats_seats_the_earliest(event):
    small = [TableFactory(event=event, seats=2, order=n) for n in range(2)]
    people = add_people(event, {ActorKind.RESIDENT: 3, ActorKind.SOCIAL: 3})
    result = services.tables_assign(event=event)
    assert (result.assigned, result.unassigned) == (4, 2)
    assert all(len(group) == 2 for group in seating(event).values())
    assert set(seating(event)) == {t.pk for t in small}
    unseated = set(event.registrations.filter(table__isnull=True).values_list("pk", flat=True))
    assert unseated == {people[-1].pk, people[-2].pk}


def test_tables_assign_with_unequal_tables_never_exceeds_seats(event):
    tables = [TableFactory(event=event, seats=seats, order=n) for n, seats in enumerate((2, 6, 3))]
    add_people(event, {ActorKind.RESIDENT: 5, ActorKind.ECONOMIC: 4, ActorKind.CULTURAL: 2})
    services.tables_assign(event=event)
    seated = seating(event)
    for table in tables:
        assert len(seated.get(table.pk, [])) <= table.seats
    assert sum(len(group) for group in seated.values()) == 11


def test_tables_assign_leaves_out_cancelled_and_waitlisted(event, tables):
    seated = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    services.tables_assign(event=event)
    assert list(event.registrations.filter(table__isnull=False).values_list("pk", flat=True)) == [seated.pk]


def test_tables_assign_once_check_in_started_seats_only_people_present(event, tables):
    present = RegistrationFactory(event=event)
    absent = RegistrationFactory(event=event)
    services.tables_assign(event=event)
    services.registration_check_in(registration=present)
    services.tables_assign(event=event)
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.table is not None
    assert absent.table is None


def test_seating_rules_hold_for_many_random_groups():
    """The two rules, on 300 random groups with tables of equal size: seats respected, kinds within one."""
    import random
    from types import SimpleNamespace

    from events.services.tables import _kind_quotas, _seat_by_neighbourhood

    rng = random.Random(5)
    for _round in range(300):
        tables = [SimpleNamespace(pk=n, seats=rng.randint(3, 8)) for n in range(rng.randint(1, 6))]
        seats = tables[0].seats
        for table in tables:
            table.seats = seats
        people = [
            SimpleNamespace(pk=n, actor_kind=rng.choice(ActorKind.values), neighbourhood_id=rng.choice([None, 1, 2, 3]))
            for n in range(rng.randint(0, seats * len(tables)))
        ]
        table_of = _seat_by_neighbourhood(people, tables, _kind_quotas(people, tables))
        assert len(table_of) == len(people)
        load = Counter(table_of.values())
        assert all(load[t.pk] <= t.seats for t in tables)
        for kind in ActorKind.values:
            per_table = [sum(1 for p in people if p.actor_kind == kind and table_of[p.pk] == t.pk) for t in tables]
            assert max(per_table) - min(per_table) <= 1
