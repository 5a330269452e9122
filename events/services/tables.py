from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..enums import RegistrationStatus
from ..models import Event, Registration


@dataclass(frozen=True)
class TableAssignment:
    assigned: int
    unassigned: int


def _kind_quotas(people, tables) -> dict[tuple[int, str], int]:
    """How many people of each kind sit at each table: the kinds, largest first, are dealt like cards around the
    tables (skipping full ones), so a kind of n people gives each table ⌊n/t⌋ or ⌈n/t⌉ of them, and the tables
    fill evenly."""
    kind_sizes = Counter(person.actor_kind for person in people)
    quotas: Counter = Counter()
    filled = [0] * len(tables)
    cursor = 0
    for kind, size in sorted(kind_sizes.items(), key=lambda item: (-item[1], item[0])):
        for _seat in range(size):
            while filled[cursor % len(tables)] >= tables[cursor % len(tables)].seats:
                cursor += 1
            index = cursor % len(tables)
            quotas[tables[index].pk, kind] += 1
            filled[index] += 1
            cursor += 1
    return quotas


def _seat_by_neighbourhood(people, tables, quotas) -> dict[int, int]:
    """Fills each table's quota of a kind with the people of that kind, each going where their neighbourhood is
    least represented so far."""
    by_kind: dict[str, list] = defaultdict(list)
    for person in people:
        by_kind[person.actor_kind].append(person)
    neighbourhood_counts: dict[int, Counter] = {table.pk: Counter() for table in tables}
    table_of: dict[int, int] = {}
    for kind, members in sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0])):
        sizes = Counter(person.neighbourhood_id for person in members)
        members.sort(key=lambda p: (-sizes[p.neighbourhood_id], p.neighbourhood_id or 0))
        remaining = {table.pk: quotas[table.pk, kind] for table in tables}
        for person in members:
            open_tables = [table for table in tables if remaining[table.pk] > 0]
            table = min(
                open_tables,
                key=lambda t: (
                    neighbourhood_counts[t.pk][person.neighbourhood_id] if person.neighbourhood_id else 0,
                    -remaining[t.pk],
                ),
            )
            table_of[person.pk] = table.pk
            remaining[table.pk] -= 1
            neighbourhood_counts[table.pk][person.neighbourhood_id] += 1
    return table_of


@transaction.atomic
def tables_assign(*, event: Event) -> TableAssignment:
    """Seats the participants at the event's tables, mixing kinds of actor and neighbourhoods.

    Who: the people checked in once check-in has started, otherwise every confirmed participant; when there are
    more people than seats, the earliest registered are seated first.

    How: first how many of each kind sit at each table (`_kind_quotas`: with tables of equal size, no table has
    two more of a kind than another), then who, spreading the neighbourhoods (`_seat_by_neighbourhood`). Any
    earlier seating of the event is replaced."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    tables = list(event.tables.order_by("order", "pk"))
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    if confirmed.filter(checked_in_at__isnull=False).exists():
        confirmed = confirmed.filter(checked_in_at__isnull=False)
    participants = list(confirmed.order_by("created_at", "pk").only("pk", "actor_kind", "neighbourhood_id"))

    seated = participants[: sum(table.seats for table in tables)]
    quotas = _kind_quotas(seated, tables)
    table_of = _seat_by_neighbourhood(seated, tables, quotas)

    now = timezone.now()
    event.registrations.exclude(pk__in=table_of).exclude(table=None).update(table=None, updated_at=now)
    by_table: dict[int, list[int]] = {}
    for registration_pk, table_pk in table_of.items():
        by_table.setdefault(table_pk, []).append(registration_pk)
    for table_pk, registration_pks in by_table.items():
        Registration.objects.filter(pk__in=registration_pks).update(table_id=table_pk, updated_at=now)
    return TableAssignment(assigned=len(table_of), unassigned=len(participants) - len(table_of))
