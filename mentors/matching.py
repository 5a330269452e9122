"""The globally best assignment of mentors to projects (no Django here: plain data in, plain data out).

Each project receives at most one new mentor per run; a mentor takes at most `capacity` projects. The
assignment maximises the total score with the Hungarian method (scipy's `linear_sum_assignment`) on a matrix
where each mentor is repeated once per free seat. Excluded pairs (conflict of interest, paused mentor, no
shared language…) can never be chosen.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

EXCLUDED = None


@dataclass(frozen=True)
class Assignment:
    project: int  # index in the projects' list
    mentor: int  # index in the mentors' list
    score: float


def best_assignment(
    scores: list[list[float | None]],
    capacities: list[int],
    *,
    guarantee_one_each: bool = True,
    min_score: float = 0.0,
) -> list[Assignment]:
    """`scores[p][m]` is the score of mentor m for project p, or EXCLUDED (None).

    With `guarantee_one_each`, the number of projects that get a mentor is maximised first (every project
    gets one when capacity allows), then the total score. Without it, only pairs scoring above `min_score`
    are considered and the total score alone is maximised.
    """
    n_projects = len(scores)
    slots = [m for m, capacity in enumerate(capacities) for _ in range(max(capacity, 0))]
    if not n_projects or not slots:
        return []
    matrix = np.array(
        [[np.nan if row[m] is EXCLUDED else float(row[m]) for m in slots] for row in scores], dtype=float
    ).reshape(n_projects, len(slots))
    allowed = ~np.isnan(matrix)
    if not guarantee_one_each:
        allowed &= matrix > min_score
    # A bonus larger than any possible sum of scores makes "one more project matched" always worth more
    # than any gain in score; forbidden cells get a weight below zero so they are never worth taking.
    finite_total = np.abs(np.where(allowed, matrix, 0)).sum()
    bonus = finite_total + 1.0 if guarantee_one_each else 0.0
    weights = np.where(allowed, np.nan_to_num(matrix) + bonus, -1.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [
        Assignment(project=int(p), mentor=slots[c], score=float(matrix[p, c]))
        for p, c in zip(rows, cols, strict=True)
        if allowed[p, c]
    ]


def greedy_assignment(scores: list[list[float | None]], capacities: list[int]) -> list[Assignment]:
    """The best pair first, then the next: a baseline the optimal assignment is checked against."""
    remaining = list(capacities)
    pairs = sorted(
        ((score, p, m) for p, row in enumerate(scores) for m, score in enumerate(row) if score is not EXCLUDED),
        reverse=True,
    )
    taken_projects, result = set(), []
    for score, p, m in pairs:
        if p not in taken_projects and remaining[m] > 0:
            taken_projects.add(p)
            remaining[m] -= 1
            result.append(Assignment(project=p, mentor=m, score=float(score)))
    return result
