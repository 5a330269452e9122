"""The reviewer assignment's balancing, on its own (no database): the most files served, then the most even load."""

import itertools
import random

from cohorts.services.balancing import balanced_assignment


def _loads(load, chosen) -> dict[int, int]:
    final = dict(load)
    for reviewers in chosen.values():
        for reviewer in reviewers:
            final[reviewer] += 1
    return final


def _brute_force(demand, eligible, load) -> tuple[int, int]:
    """(most reviews that can be given, smallest max − min of the loads among the assignments giving that many),
    by trying every choice of reviewers for every file."""
    files = sorted(demand)
    choices = [[c for size in range(demand[f] + 1) for c in itertools.combinations(eligible[f], size)] for f in files]
    best = (-1, 0)
    for combo in itertools.product(*choices):
        total = sum(len(c) for c in combo)
        final = _loads(load, dict(zip(files, combo, strict=True)))
        spread = max(final.values()) - min(final.values())
        if total > best[0] or (total == best[0] and spread < best[1]):
            best = (total, spread)
    return best


def test_balanced_assignment_serves_the_constrained_file_first():
    # A, B, C; B and C are conflicted on the 3rd file: giving file 1 to A (lowest id) would leave A twice.
    a, b, c = 1, 2, 3
    chosen = balanced_assignment(
        demand={10: 1, 11: 1, 12: 1}, eligible={10: [a, b, c], 11: [a, b, c], 12: [a]}, load={a: 0, b: 0, c: 0}
    )

    assert chosen == {10: [c], 11: [b], 12: [a]}
    assert _loads({a: 0, b: 0, c: 0}, chosen) == {a: 1, b: 1, c: 1}


def test_balanced_assignment_counts_the_load_already_there():
    chosen = balanced_assignment(
        demand={10: 2, 11: 2}, eligible={10: [1, 2, 3], 11: [1, 2, 3]}, load={1: 3, 2: 0, 3: 0}
    )

    assert chosen == {10: [2, 3], 11: [2, 3]}


def test_balanced_assignment_hands_a_reviewer_over_when_that_evens_the_load():
    # File 10 first takes reviewer 1 (lowest id); file 11 can only have 1: file 10 hands 1 over and takes 2.
    chosen = balanced_assignment(demand={10: 1, 11: 1}, eligible={10: [1, 2], 11: [1]}, load={1: 0, 2: 0})

    assert chosen == {10: [2], 11: [1]}


def test_balanced_assignment_is_deterministic_on_ties():
    kwargs = {"demand": {10: 1}, "eligible": {10: [3, 1, 2]}, "load": {1: 0, 2: 0, 3: 0}}

    assert balanced_assignment(**kwargs) == balanced_assignment(**kwargs) == {10: [1]}


def test_balanced_assignment_leaves_what_cannot_be_served():
    chosen = balanced_assignment(demand={10: 3}, eligible={10: [1]}, load={1: 0, 2: 0})

    assert chosen == {10: [1]}


def test_balanced_assignment_matches_brute_force_on_random_small_cases():
    rng = random.Random(20260307)  # fixed seed: the same 300 cases every run
    checked_even = 0
    for _ in range(300):
        reviewers = list(range(1, rng.randint(2, 5) + 1))
        files = list(range(100, 100 + rng.randint(1, 4)))
        demand = {f: rng.randint(1, 2) for f in files}
        eligible = {f: sorted(rng.sample(reviewers, rng.randint(0, len(reviewers)))) for f in files}
        load = {r: rng.choice([0, 0, 0, 1, 2]) for r in reviewers}

        chosen = balanced_assignment(demand=demand, eligible=eligible, load=load)

        best_total, best_spread = _brute_force(demand, eligible, load)
        final = _loads(load, chosen)
        assert all(set(chosen[f]) <= set(eligible[f]) and len(chosen[f]) <= demand[f] for f in files)
        assert all(len(set(chosen[f])) == len(chosen[f]) for f in files)
        assert sum(len(c) for c in chosen.values()) == best_total
        assert max(final.values()) - min(final.values()) == best_spread
        checked_even += best_spread <= 1
    assert checked_even > 100  # many cases where max − min ≤ 1 is reachable, and reached
