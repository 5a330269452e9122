"""The "< 5" rule cannot be undone: for each counter-example the audit found, a reader who knows the visible
cells, the total and the rule still finds at least two possible values for every hidden cell."""

from itertools import product

import pytest

from applications.enums import Gender, Status
from roubaix_incubator.reports import content
from roubaix_incubator.reports.tables import SECRET, SMALL, Row, Table, mask_column, mask_small_groups
from tests.factories import CallFactory

from .conftest import holder, make_application


def possible_values(masked: list, total: int) -> list[set[int]]:
    """Every value each cell can take, given what the reader sees: visible numbers, "< 5" in 1–4, "secret" at
    least 5 and at least every visible number (or anything from 0 when the whole column is secret), and the
    total. Brute force over the hidden cells."""
    visible = [value for value in masked if isinstance(value, int)]
    everything_hidden = all(value == str(SECRET) for value in masked)
    ranges = []
    for value in masked:
        if isinstance(value, int):
            ranges.append(range(value, value + 1))
        elif value == SMALL:
            ranges.append(range(1, 5))
        elif everything_hidden:
            ranges.append(range(0, total + 1))
        else:
            ranges.append(range(max([5, *visible]), total + 1))
    seen: list[set[int]] = [set() for _ in masked]
    for candidate in product(*ranges):
        if sum(candidate) == total:
            for cell, value in zip(seen, candidate, strict=True):
                cell.add(value)
    return seen


def assert_nothing_hidden_can_be_worked_out(values: list[int]) -> list:
    masked = mask_column(values)
    possible = possible_values(masked, sum(values))
    for value, shown, cell in zip(values, masked, possible, strict=True):
        assert value in cell
        if not isinstance(shown, int):
            assert len(cell) >= 2, (values, masked, possible)
        if 0 < value < 5:
            assert shown != value
    return masked


def test_secrecy_a_lone_small_cell_is_not_given_away_by_the_next_smallest():
    # Before: "< 5, secret, 5, 10" with the total 22 → secret = 5 (the smallest other), so the small one = 2.
    masked = assert_nothing_hidden_can_be_worked_out([2, 5, 5, 10])

    assert masked == [SMALL, 5, 5, str(SECRET)]


def test_secrecy_two_small_cells_at_their_highest_are_protected():
    # Before: "< 5, < 5, 20" with the total 28 → both hidden cells = 4.
    masked = assert_nothing_hidden_can_be_worked_out([4, 4, 20])

    assert masked == [SMALL, SMALL, str(SECRET)]


def test_secrecy_two_small_cells_at_their_lowest_are_protected():
    masked = assert_nothing_hidden_can_be_worked_out([1, 1, 9, 30])

    assert masked == [SMALL, SMALL, 9, str(SECRET)]


def test_secrecy_zero_does_not_count_as_a_small_group():
    # Before: 0 counted as small, so "2" and "0" both hid and nothing else did: 21 − 10 − 9 = 2.
    masked = assert_nothing_hidden_can_be_worked_out([2, 0, 10, 9])

    assert masked == [SMALL, 0, str(SECRET), 9]


@pytest.mark.parametrize(
    "values",
    [[3, 0, 0], [2, 2], [4, 4], [1, 5], [1, 1, 0], [3, 5, 5, 5], [4, 6, 6], [2, 3, 4, 0, 40], [1, 12, 12, 12]],
)
def test_secrecy_no_hidden_cell_can_be_worked_out(values):
    assert_nothing_hidden_can_be_worked_out(values)


def test_secrecy_a_column_that_cannot_be_protected_is_hidden_whole():
    # 3 people, all in one group: with the total known, nothing short of hiding every cell protects them.
    assert mask_column([3, 0, 0]) == [str(SECRET)] * 3


def test_secrecy_columns_without_small_groups_are_shown_as_they_are():
    assert mask_column([0, 5, 12]) == [0, 5, 12]


def test_secrecy_the_total_row_stays_exact_because_the_cells_protect_themselves():
    table = Table("t", "T", "Genre", ("N",), (Row("A", (2,)), Row("B", (5,)), Row("C", (5,)), Row("D", (10,))))
    table = mask_small_groups(Table(**{**table.__dict__, "total": Row("Total", (22,))}))

    assert [row.values for row in table.rows] == [(SMALL,), (5,), (5,), (str(SECRET),)]
    assert table.total.values == (22,)


@pytest.mark.django_db
def test_secrecy_sent_and_accepted_are_never_side_by_side():
    # 7 women sent, 5 of them accepted: "7" next to "5" would give away the 2 others.
    call = CallFactory()
    for status in [Status.ACCEPTED] * 5 + [Status.SUBMITTED] * 2:
        make_application(call, status, **holder(Gender.WOMAN))
    for _ in range(10):
        make_application(call, Status.SUBMITTED, **holder(Gender.MAN))

    report = content.funders_report(call=call)

    gender = next(table for table in report.tables() if table.slug == "genre")
    rows = {row.label: row.values for row in gender.rows}
    assert rows["Femme"] == (5, SMALL)
    assert rows["Homme"] == (0, str(SECRET))
    assert gender.total.values == (5, 12)
    assert all(7 not in row.values and 17 not in row.values for row in gender.rows)
    assert [str(column) for column in gender.columns] == ["Projets retenus", "Autres candidatures envoyées"]
