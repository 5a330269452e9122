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
    """The rules, on 300 random groups with tables of equal size: seats respected, kinds within one."""
    import random
    from types import SimpleNamespace

    from events.services.tables import seating_plan

    rng = random.Random(5)
    for _round in range(300):
        seats = rng.randint(3, 8)
        tables = [SimpleNamespace(pk=n, seats=seats) for n in range(rng.randint(1, 6))]
        people = [
            SimpleNamespace(pk=n, actor_kind=rng.choice(ActorKind.values), neighbourhood_id=rng.choice([None, 1, 2, 3]))
            for n in range(rng.randint(0, seats * len(tables)))
        ]
        table_of = seating_plan(people, tables)
        assert len(table_of) == len(people)
        load = Counter(table_of.values())
        assert all(load[t.pk] <= t.seats for t in tables)
        for kind in ActorKind.values:
            per_table = [sum(1 for p in people if p.actor_kind == kind and table_of[p.pk] == t.pk) for t in tables]
            assert max(per_table) - min(per_table) <= 1


def test_seating_rules_hold_for_many_random_groups_at_unequal_tables():
    """Tables of different sizes: each table gets its share of the people (rounded down or up) without passing
    its seats, and each kind its share of each table (n_kind × table size / n, rounded down or up)."""
    import math
    import random
    from types import SimpleNamespace

    from events.services.tables import seating_plan

    rng = random.Random(8)
    for _round in range(300):
        tables = [SimpleNamespace(pk=n, seats=rng.randint(2, 10)) for n in range(rng.randint(1, 6))]
        total_seats = sum(t.seats for t in tables)
        people = [
            SimpleNamespace(pk=n, actor_kind=rng.choice(ActorKind.values[:3]), neighbourhood_id=rng.choice([None, 1, 2]))
            for n in range(rng.randint(0, total_seats + 5))
        ]
        table_of = seating_plan(people, tables)
        seated = min(len(people), total_seats)
        assert len(table_of) == seated
        load = Counter(table_of.values())
        for table in tables:
            share = seated * table.seats / total_seats
            assert load[table.pk] <= table.seats
            assert math.floor(share) <= load[table.pk] <= math.ceil(share)
            kinds = Counter(p.actor_kind for p in people if p.pk in table_of)
            for kind, count in kinds.items():
                at_table = sum(1 for p in people if p.actor_kind == kind and table_of.get(p.pk) == table.pk)
                kind_share = count * load[table.pk] / seated
                assert math.floor(kind_share) <= at_table <= math.ceil(kind_share), (kind, at_table, kind_share)


def test_tables_assign_at_unequal_tables_spreads_kinds_in_proportion(event, alma, epeule):
    tables = [TableFactory(event=event, seats=seats, order=n) for n, seats in enumerate((4, 4, 8))]
    add_people(event, {ActorKind.RESIDENT: 8, ActorKind.ECONOMIC: 8}, neighbourhoods=(alma, epeule))

    result = services.tables_assign(event=event)

    assert (result.assigned, result.unassigned) == (16, 0)
    seated = seating(event)
    per_table = [Counter(p.actor_kind for p in seated[t.pk]) for t in tables]
    assert [(c[ActorKind.RESIDENT], c[ActorKind.ECONOMIC]) for c in per_table] == [(2, 2), (2, 2), (4, 4)]
    # Neighbourhoods, the second criterion, in proportion too: half Alma, half Épeule at every table.
    assert [sum(p.neighbourhood_id == alma.pk for p in seated[t.pk]) for t in tables] == [2, 2, 4]
    assert [sum(p.neighbourhood_id == epeule.pk for p in seated[t.pk]) for t in tables] == [2, 2, 4]


def test_tables_assign_spreads_neighbourhoods_within_one_kind(event, alma, epeule):
    tables = [TableFactory(event=event, seats=4, order=n) for n in range(3)]
    add_people(event, {ActorKind.RESIDENT: 6}, neighbourhoods=(alma, alma, epeule))  # 4 Alma, 2 Épeule

    services.tables_assign(event=event)

    seated = seating(event)
    assert sorted(sum(p.neighbourhood_id == alma.pk for p in seated[t.pk]) for t in tables) == [1, 1, 2]
    assert sorted(sum(p.neighbourhood_id == epeule.pk for p in seated[t.pk]) for t in tables) == [0, 1, 1]


def test_tables_assign_again_seats_the_late_arrivals_and_moves_nobody(event):
    tables = [TableFactory(event=event, seats=seats, order=n) for n, seats in enumerate((4, 4, 8))]
    add_people(event, {ActorKind.RESIDENT: 6, ActorKind.ECONOMIC: 6})
    services.tables_assign(event=event)
    before = dict(event.registrations.values_list("pk", "table_id"))
    late = add_people(event, {ActorKind.RESIDENT: 1, ActorKind.ECONOMIC: 2})

    result = services.tables_assign(event=event)

    assert (result.assigned, result.unassigned, result.kept) == (3, 0, 12)
    after = dict(event.registrations.values_list("pk", "table_id"))
    assert {pk: after[pk] for pk in before} == before
    assert all(after[person.pk] is not None for person in late)
    load = Counter(after.values())
    assert all(load[t.pk] <= t.seats for t in tables)


def test_tables_assign_again_when_full_leaves_the_late_arrival_without_a_seat(event):
    table = TableFactory(event=event, seats=2)
    first = add_people(event, {ActorKind.RESIDENT: 2})
    services.tables_assign(event=event)
    [late] = add_people(event, {ActorKind.SOCIAL: 1})

    result = services.tables_assign(event=event)

    assert (result.assigned, result.unassigned, result.kept) == (0, 1, 2)
    assert set(table.registrations.values_list("pk", flat=True)) == {p.pk for p in first}
    late.refresh_from_db()
    assert late.table is None


def test_tables_assign_again_respects_seats_removed_meanwhile(event):
    table = TableFactory(event=event, seats=4)
    other = TableFactory(event=event, seats=4, order=2)
    add_people(event, {ActorKind.RESIDENT: 4})
    services.tables_assign(event=event, only_newcomers=False)
    table.seats = 2
    table.save()

    services.tables_assign(event=event)

    load = Counter(event.registrations.values_list("table_id", flat=True))
    assert load[table.pk] + load[other.pk] == 4
    assert load[table.pk] <= 2


def test_tables_assign_everyone_afresh_on_demand(event):
    tables = [TableFactory(event=event, seats=4, order=n) for n in range(2)]
    people = add_people(event, {ActorKind.RESIDENT: 4})
    Registration.objects.filter(pk__in=[p.pk for p in people]).update(table=tables[0])

    result = services.tables_assign(event=event, only_newcomers=False)

    assert (result.assigned, result.unassigned, result.kept) == (4, 0, 0)
    assert sorted(Counter(event.registrations.values_list("table_id", flat=True)).values()) == [2, 2]
