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
    score: float  # the pair's score plus the offset of the mentor's copy it took
    copy: int = 0  # which of the mentor's free seats (0 = the first), see `copy_offsets`


def best_assignment(
    scores: list[list[float | None]],
    capacities: list[int],
    *,
    guarantee_one_each: bool = True,
    min_score: float = 0.0,
    copy_offsets: list[list[float]] | None = None,
) -> list[Assignment]:
    """`scores[p][m]` is the score of mentor m for project p, or EXCLUDED (None).

    `copy_offsets[m][k]`, when given, is added to every score of mentor m's k-th seat (k from 0). Decreasing
    offsets make a mentor's second seat worth less than their first, so load spreads over the pool; since each
    copy is a column of the matrix, the Hungarian method stays exactly optimal for these values.

    With `guarantee_one_each`, the number of projects that get a mentor is maximised first (every project
    gets one when capacity allows), then the total score; every pair that is not EXCLUDED may be used.
    Without it, only pairs scoring above `min_score` are considered and the total score alone is maximised.
    """
    n_projects = len(scores)
    # A mentor never needs more copies than there are projects.
    pairs = [(m, k) for m, capacity in enumerate(capacities) for k in range(min(max(capacity, 0), n_projects))]
    if not n_projects or not pairs:
        return []
    slots = np.array([m for m, _k in pairs], dtype=int)
    copies = np.array([k for _m, k in pairs], dtype=int)
    matrix = np.array(
        [[np.nan if value is EXCLUDED else float(value) for value in row] for row in scores], dtype=float
    ).reshape(n_projects, len(capacities))[:, slots]
    if copy_offsets is not None:
        matrix = matrix + np.array([copy_offsets[m][k] for m, k in pairs], dtype=float)[np.newaxis, :]
    allowed = ~np.isnan(matrix)
    if not guarantee_one_each:
        # A pair below zero would only lower the total: leaving the project for later is better.
        allowed &= (matrix > min_score) & (matrix >= 0)
    # A cell not allowed weighs 0, exactly what leaving the project without a mentor is worth: the solver may
    # "choose" it to complete its square assignment, and it is dropped below. (A negative weight there would
    # reward matching more projects at the cost of the total.)
    if guarantee_one_each:
        # Each matched project earns a bonus larger than any difference of total scores, so one more project
        # matched is always worth more than any gain in score; allowed cells then weigh more than 0.
        finite = np.where(allowed, np.abs(matrix), 0.0)
        bonus = 2.0 * finite.max(axis=1).sum() + 1.0
        weights = np.where(allowed, matrix + bonus, 0.0)
    else:
        weights = np.where(allowed, matrix, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [
        Assignment(project=int(p), mentor=int(slots[c]), score=float(matrix[p, c]), copy=int(copies[c]))
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


def total_score(assignments: list[Assignment]) -> float:
    return sum(assignment.score for assignment in assignments)
