"""Seating participants at an event's round tables, mixing kinds of actor and neighbourhoods.

A table of 8 seats takes twice the people of a table of 4, and each kind of actor (then each neighbourhood) is
spread in proportion to the tables' sizes: with tables of 4, 4 and 8 seats, 8 residents and 8 economic actors sit
2 + 2, 2 + 2 and 4 + 4."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from django.db import transaction
from django.utils import timezone

from ..enums import RegistrationStatus
from ..models import Event, Registration


@dataclass(frozen=True)
class TableAssignment:
    assigned: int  # people given a table by this run
    unassigned: int  # people who should sit and found no seat
    kept: int = 0  # people already seated who kept their table (seating only the newcomers)


def _largest_remainders(total: int, weights: list[int]) -> list[int]:
    """`total` shared in proportion to `weights`: each share is the exact share rounded down or up, and the
    shares add up to `total`. Ties go to the larger weight, then to the first."""
    weight_sum = sum(weights)
    if not total or not weight_sum:
        return [0] * len(weights)
    exact = [Fraction(total * weight, weight_sum) for weight in weights]
    shares = [floor(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), -weights[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _table_sizes(count: int, tables) -> list[int]:
    """How many people sit at each table: in proportion to its seats, never more than its seats (the exact share
    is at most the seats when there are no more people than seats)."""
    return _largest_remainders(min(count, sum(table.seats for table in tables)), [table.seats for table in tables])


def _round_up_cells(row_left: list[int], column_left: list[int], gains: dict[tuple[int, int], Fraction]):
    """Which cells to round up: each row r gets `row_left[r]` cells, each column c `column_left[c]`, at most one
    unit per cell, only among the cells of `gains`, the largest total gain (fractional parts) first.

    A minimum-cost flow by successive shortest paths (Bellman-Ford, as costs are negative): the graph has a node
    per table and per kind, so it stays tiny."""
    rows, columns = len(row_left), len(column_left)
    source, sink = rows + columns, rows + columns + 1
    graph: list[list[list]] = [[] for _ in range(rows + columns + 2)]  # edge: [to, capacity, cost, reverse index]

    def add(u, v, capacity, cost):
        graph[u].append([v, capacity, cost, len(graph[v])])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])
        return u, len(graph[u]) - 1

    for r, left in enumerate(row_left):
        add(source, r, left, Fraction(0))
    cells = {cell: add(cell[0], rows + cell[1], 1, -gain) for cell, gain in gains.items()}
    for c, left in enumerate(column_left):
        add(rows + c, sink, left, Fraction(0))
    for _unit in range(sum(row_left)):
        distance: list = [None] * len(graph)
        previous: list = [None] * len(graph)
        distance[source] = Fraction(0)
        for _pass in range(len(graph)):
            changed = False
            for u, edges in enumerate(graph):
                if distance[u] is None:
                    continue
                for index, (v, capacity, cost, _reverse) in enumerate(edges):
                    if capacity > 0 and (distance[v] is None or distance[u] + cost < distance[v]):
                        distance[v], previous[v], changed = distance[u] + cost, (u, index), True
            if not changed:
                break
        if distance[sink] is None:
            break
        v = sink
        while v != source:
            u, index = previous[v]
            edge = graph[u][index]
            edge[1] -= 1
            graph[v][edge[3]][1] += 1
            v = u
    return {cell for cell, (u, index) in cells.items() if graph[u][index][1] == 0}


def _kind_quotas(people, tables, sizes: list[int]) -> dict[tuple[int, str], int]:
    """How many people of each kind sit at each table, in proportion to the table's size.

    The exact share of kind k at table t is n_k × size_t / N. Each quota is that share rounded down or up, such
    that each table gets exactly its size and each kind exactly its number (a "controlled rounding", which always
    exists); the cells rounded up are those with the largest fractional parts that allow it."""
    kinds = sorted(Counter(person.actor_kind for person in people).items(), key=lambda item: (-item[1], item[0]))
    total = sum(sizes)
    if not total:
        return {}
    exact = [[Fraction(size * count, total) for _kind, count in kinds] for size in sizes]
    quotas = [[floor(value) for value in row] for row in exact]
    row_left = [size - sum(row) for size, row in zip(sizes, quotas, strict=True)]
    column_left = [count - sum(row[k] for row in quotas) for k, (_kind, count) in enumerate(kinds)]
    gains = {
        (t, k): exact[t][k] - quotas[t][k]
        for t in range(len(sizes))
        for k in range(len(kinds))
        if exact[t][k] != quotas[t][k]
    }
    for t, k in _round_up_cells(row_left, column_left, gains):
        quotas[t][k] += 1
    return {
        (table.pk, kind): quotas[t][k]
        for t, table in enumerate(tables)
        for k, (kind, _count) in enumerate(kinds)
        if quotas[t][k]
    }


def _seat_by_neighbourhood(people, tables, quotas, sizes: list[int]) -> dict[int, int]:
    """Fills each table's quota of a kind with people of that kind, each going to the table where their
    neighbourhood is furthest below its proportional share (n_h × size_t / N); then to the table with the most
    room left for the kind."""
    total = sum(sizes)
    size_of = {table.pk: size for table, size in zip(tables, sizes, strict=True)}
    neighbourhood_sizes = Counter(person.neighbourhood_id for person in people)
    by_kind: dict[str, list] = defaultdict(list)
    for person in people:
        by_kind[person.actor_kind].append(person)
    counts: dict[int, Counter] = {table.pk: Counter() for table in tables}
    table_of: dict[int, int] = {}
    for kind, members in sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0])):
        members.sort(key=lambda p: (p.neighbourhood_id is None, -neighbourhood_sizes[p.neighbourhood_id],
                                    p.neighbourhood_id or 0, p.pk))
        remaining = {table.pk: quotas.get((table.pk, kind), 0) for table in tables}
        for person in members:
            def deficit(table, person=person):
                if person.neighbourhood_id is None or not total:
                    return Fraction(0)
                share = Fraction(neighbourhood_sizes[person.neighbourhood_id] * size_of[table.pk], total)
                return share - counts[table.pk][person.neighbourhood_id]

            table = max(
                (table for table in tables if remaining[table.pk] > 0),
                key=lambda t: (deficit(t), remaining[t.pk], -tables.index(t)),
            )
            table_of[person.pk] = table.pk
            remaining[table.pk] -= 1
            counts[table.pk][person.neighbourhood_id] += 1
    return _swap_for_neighbourhoods(people, table_of, counts, size_of, neighbourhood_sizes, total)


def _swap_for_neighbourhoods(people, table_of, counts, size_of, neighbourhood_sizes, total) -> dict[int, int]:
    """The greedy pass above, kind after kind, may leave a neighbourhood bunched up; swapping two people of the
    same kind (so the kind quotas hold) at different tables, while a swap brings the neighbourhoods closer to
    their shares (the sum of squared gaps goes down), undoes that."""

    def gap(table_pk, neighbourhood_id, count) -> float:
        if neighbourhood_id is None:
            return 0.0
        return (count - neighbourhood_sizes[neighbourhood_id] * size_of[table_pk] / total) ** 2

    def change(table_pk, leaving, arriving) -> float:
        before = gap(table_pk, leaving, counts[table_pk][leaving]) + gap(table_pk, arriving, counts[table_pk][arriving])
        after = gap(table_pk, leaving, counts[table_pk][leaving] - 1) + gap(
            table_pk, arriving, counts[table_pk][arriving] + 1
        )
        return after - before

    improved = True
    while improved:
        improved = False
        for a in people:
            for b in people:
                t_a, t_b = table_of[a.pk], table_of[b.pk]
                if (
                    a.actor_kind != b.actor_kind
                    or t_a == t_b
                    or a.neighbourhood_id == b.neighbourhood_id
                    or a.pk > b.pk
                ):
                    continue
                if change(t_a, a.neighbourhood_id, b.neighbourhood_id) + change(
                    t_b, b.neighbourhood_id, a.neighbourhood_id
                ) < -1e-9:
                    table_of[a.pk], table_of[b.pk] = t_b, t_a
                    counts[t_a][a.neighbourhood_id] -= 1
                    counts[t_a][b.neighbourhood_id] += 1
                    counts[t_b][b.neighbourhood_id] -= 1
                    counts[t_b][a.neighbourhood_id] += 1
                    improved = True
    return table_of


def seating_plan(people, tables) -> dict[int, int]:
    """Registration pk → table pk for a fresh seating of `people` (in priority order) at `tables`. Pure: no
    database, so the rules are tested on many random groups."""
    sizes = _table_sizes(len(people), tables)
    seated = people[: sum(sizes)]
    return _seat_by_neighbourhood(seated, tables, _kind_quotas(seated, tables, sizes), sizes)


def seat_newcomers(newcomers, seated, tables) -> dict[int, int]:
    """Registration pk → table pk for `newcomers` (in priority order), leaving the people already `seated` where
    they are: each newcomer takes a free seat where their kind of actor, then their neighbourhood, is the least
    represented for the table's size; then the emptiest table. Pure, like `seating_plan`."""
    occupied: Counter = Counter()
    kinds: dict[int, Counter] = {table.pk: Counter() for table in tables}
    neighbourhoods: dict[int, Counter] = {table.pk: Counter() for table in tables}
    for person, table_pk in seated:
        occupied[table_pk] += 1
        kinds[table_pk][person.actor_kind] += 1
        neighbourhoods[table_pk][person.neighbourhood_id] += 1
    table_of: dict[int, int] = {}
    for person in newcomers:
        free = [table for table in tables if occupied[table.pk] < table.seats]
        if not free:
            break

        def crowding(table, person=person):
            same_neighbourhood = neighbourhoods[table.pk][person.neighbourhood_id] if person.neighbourhood_id else 0
            return (
                Fraction(kinds[table.pk][person.actor_kind] + 1, table.seats),
                Fraction(same_neighbourhood + 1, table.seats),
                Fraction(occupied[table.pk] + 1, table.seats),
                tables.index(table),
            )

        table = min(free, key=crowding)
        table_of[person.pk] = table.pk
        occupied[table.pk] += 1
        kinds[table.pk][person.actor_kind] += 1
        neighbourhoods[table.pk][person.neighbourhood_id] += 1
    return table_of


def _save(event: Event, table_of: dict[int, int], now) -> None:
    by_table: dict[int, list[int]] = defaultdict(list)
    for registration_pk, table_pk in table_of.items():
        by_table[table_pk].append(registration_pk)
    for table_pk, registration_pks in by_table.items():
        Registration.objects.filter(pk__in=registration_pks).update(table_id=table_pk, updated_at=now)


@transaction.atomic
def tables_assign(*, event: Event, only_newcomers: bool | None = None) -> TableAssignment:
    """Seats the participants at the event's tables, mixing kinds of actor and neighbourhoods, never over a
    table's seats.

    Who: the people checked in once check-in has started, otherwise every confirmed participant; when there are
    more people than seats, the earliest registered are seated first.

    Two ways (`only_newcomers`; by default the first as soon as someone is seated):
    - seat only the people without a table (a late arrival, a walk-in): nobody already seated moves, except out of
      a table that lost seats or when they are no longer expected (not checked in once check-in started);
    - seat everyone afresh (`seating_plan`), replacing any earlier seating."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    tables = list(event.tables.order_by("order", "pk"))
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    if confirmed.filter(checked_in_at__isnull=False).exists():
        confirmed = confirmed.filter(checked_in_at__isnull=False)
    people = list(confirmed.order_by("created_at", "pk").only("pk", "actor_kind", "neighbourhood_id", "table_id"))
    table_pks = {table.pk for table in tables}
    if only_newcomers is None:
        only_newcomers = any(person.table_id in table_pks for person in people)

    now = timezone.now()
    if only_newcomers:
        seats = {table.pk: table.seats for table in tables}
        seated, newcomers = [], []
        for person in people:
            if person.table_id in table_pks and seats[person.table_id] > 0:
                seats[person.table_id] -= 1
                seated.append((person, person.table_id))
            else:
                newcomers.append(person)
        table_of = seat_newcomers(newcomers, seated, tables)
        keep = {person.pk for person, _table in seated}
    else:
        table_of = seating_plan(people, tables)
        keep = set()
    event.registrations.exclude(pk__in=keep | set(table_of)).exclude(table=None).update(table=None, updated_at=now)
    _save(event, table_of, now)
    return TableAssignment(
        assigned=len(table_of), unassigned=len(people) - len(keep) - len(table_of), kept=len(keep)
    )
