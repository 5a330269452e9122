"""The assignment itself (mentors/matching.py, no database): optimal, never greedy's inferior, and within the rules.

Checked against a brute force that tries every way of giving each project one mentor or none, on 500 random
small cases (seeded, so a failure replays): up to 5 projects × 4 mentors, capacities 0 to 2, ~20 % exclusions,
scores with ties (small integers) and without (out of 100, and small decimals)."""

import random
from collections import Counter

import pytest

from mentors.matching import EXCLUDED, Assignment, best_assignment, greedy_assignment, total_score

CASES = 500
SEED = 20230307  # the co-construction afternoon


def random_case(rng: random.Random):
    n_projects, n_mentors = rng.randint(1, 5), rng.randint(1, 4)
    # Three kinds of scores: small integers (many ties), scores out of 100, and small decimals (where a wrong
    # reward for "one more pair" outweighs the differences of score).
    draw = rng.choice(
        [lambda: float(rng.randint(0, 5)), lambda: round(rng.uniform(0, 100), 2), lambda: round(rng.uniform(0, 1), 3)]
    )
    scores = [[EXCLUDED if rng.random() < 0.2 else draw() for _ in range(n_mentors)] for _ in range(n_projects)]
    capacities = [rng.randint(0, 2) for _ in range(n_mentors)]
    return scores, capacities


def cases():
    rng = random.Random(SEED)
    return [random_case(rng) for _ in range(CASES)]


def brute_force(scores, capacities, *, min_score: float | None = None) -> tuple[int, float]:
    """The best (projects matched, total score) over every feasible assignment, in that order of priority when
    `min_score` is None (guarantee_one_each), else the best total using only pairs above `min_score` (with the
    number of projects it matches)."""
    best = (0, 0.0) if min_score is None else (0.0, 0)
    remaining = list(capacities)

    def explore(p: int, matched: int, total: float):
        nonlocal best
        if p == len(scores):
            candidate = (matched, round(total, 6)) if min_score is None else (round(total, 6), matched)
            best = max(best, candidate)
            return
        explore(p + 1, matched, total)  # this project gets no mentor
        for m, score in enumerate(scores[p]):
            if score is EXCLUDED or remaining[m] <= 0 or (min_score is not None and score <= min_score):
                continue
            remaining[m] -= 1
            explore(p + 1, matched + 1, total + score)
            remaining[m] += 1

    explore(0, 0, 0.0)
    return best if min_score is None else (best[1], best[0])


def assert_within_the_rules(assignments: list[Assignment], scores, capacities):
    projects = [a.project for a in assignments]
    assert len(projects) == len(set(projects)), "a project got two mentors in one run"
    for mentor, count in Counter(a.mentor for a in assignments).items():
        assert count <= capacities[mentor], f"mentor {mentor} over capacity"
    for a in assignments:
        assert scores[a.project][a.mentor] is not EXCLUDED, "an excluded pair was chosen"
        assert a.score == scores[a.project][a.mentor]


def test_best_assignment_total_equals_brute_force_optimum_and_beats_greedy():
    for index, (scores, capacities) in enumerate(cases()):
        assignments = best_assignment(scores, capacities, guarantee_one_each=False)
        _matched, optimum = brute_force(scores, capacities, min_score=0.0)
        assert total_score(assignments) == pytest.approx(optimum), f"case {index}: {scores} {capacities}"
        greedy = greedy_assignment(scores, capacities)
        assert total_score(assignments) >= total_score(greedy) - 1e-9, f"case {index}"
        assert_within_the_rules(assignments, scores, capacities)
        assert_within_the_rules(greedy, scores, capacities)


def test_guarantee_one_each_matches_every_project_capacity_allows_then_the_best_total():
    for index, (scores, capacities) in enumerate(cases()):
        assignments = best_assignment(scores, capacities, guarantee_one_each=True)
        most_matched, best_total_among_them = brute_force(scores, capacities)
        assert len(assignments) == most_matched, f"case {index}: {scores} {capacities}"
        assert total_score(assignments) == pytest.approx(best_total_among_them), f"case {index}"
        assert_within_the_rules(assignments, scores, capacities)


def test_guarantee_one_each_gives_everyone_a_mentor_when_seats_and_exclusions_allow():
    # Pure score would give both projects to nobody but the star mentor; with the guarantee, the second project
    # gets the weaker mentor rather than none.
    scores = [[90.0, 10.0], [80.0, EXCLUDED], [70.0, 0.0]]
    assignments = best_assignment(scores, [2, 1], guarantee_one_each=True)
    assert sorted((a.project, a.mentor) for a in assignments) == [(0, 0), (1, 0), (2, 1)]
    # Without it a zero-score pair is not worth proposing.
    assert sorted((a.project, a.mentor) for a in best_assignment(scores, [2, 1], guarantee_one_each=False)) == [
        (0, 0),
        (1, 0),
    ]


def test_best_assignment_beats_greedy_where_greedy_is_short_sighted():
    # Greedy takes the 10 first and leaves project 1 with nothing it may have: 10. The optimum is 9 + 8 = 17.
    scores = [[10.0, 9.0], [8.0, EXCLUDED]]
    assert total_score(greedy_assignment(scores, [1, 1])) == 10.0
    best = best_assignment(scores, [1, 1], guarantee_one_each=False)
    assert sorted((a.project, a.mentor) for a in best) == [(0, 1), (1, 0)]
    assert total_score(best) == 17.0


def test_without_guarantee_matching_more_projects_never_costs_score():
    # Matching both (0.2 + 9.5 = 9.7) would be worse than project 0 alone with its best mentor (10).
    scores = [[10.0, 0.2], [9.5, EXCLUDED]]
    best = best_assignment(scores, [1, 1], guarantee_one_each=False)
    assert [(a.project, a.mentor) for a in best] == [(0, 0)]


def test_min_score_leaves_weak_pairs_out():
    scores = [[30.0, 5.0], [4.0, 6.0]]
    best = best_assignment(scores, [1, 1], guarantee_one_each=False, min_score=10.0)
    assert [(a.project, a.mentor) for a in best] == [(0, 0)]


def test_a_mentor_with_a_large_capacity_takes_every_project():
    scores = [[float(p)] for p in range(6)]
    assert len(best_assignment(scores, [10])) == 6


@pytest.mark.parametrize(
    ("scores", "capacities"),
    [([], [1, 2]), ([[1.0, 2.0]], [0, 0]), ([[EXCLUDED, EXCLUDED]], [1, 1]), ([[1.0]], [0])],
)
def test_nothing_to_assign(scores, capacities):
    assert best_assignment(scores, capacities) == []
    assert best_assignment(scores, capacities, guarantee_one_each=False) == []
