"""Benchmark of the mentor matching: 300 projects × 200 mentors.

1. Scoring: the 60,000 (project, mentor) pairs through `mentors.scoring` (exclusions, then weighted criteria with
   their breakdown), from random features (needs, expertise, sectors, languages, neighbourhoods, capacities).
2. Assignment (mentors/matching.py): random scores out of 100, capacities 1 to 3, about 10 % of the pairs
   excluded; with and without the per-seat capacity offsets that spread the load.
Prints the best time of a few runs (after one warm-up) and compares the optimal total with the greedy baseline.
Not a test: run it by hand.

    .venv/bin/python bench/matching.py [--projects 300] [--mentors 200] [--seed 2023] [--repeat 3]
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentors import scoring  # noqa: E402
from mentors.matching import EXCLUDED, best_assignment, greedy_assignment, total_score  # noqa: E402

NEEDS = ["funding", "legal_structure", "business_model", "marketing", "digital", "hr", "impact", "premises"]
SECTORS = ["food", "reuse", "textile", "employment", "education", "culture", "care", "mobility"]
LANGUAGES = ["fr", "en", "ar", "nl", "tr"]
NEIGHBOURHOODS = list(range(12))


def random_case(n_projects: int, n_mentors: int, seed: int, exclusion_rate: float = 0.10):
    rng = random.Random(seed)
    scores = [
        [EXCLUDED if rng.random() < exclusion_rate else round(rng.uniform(0, 100), 2) for _ in range(n_mentors)]
        for _ in range(n_projects)
    ]
    capacities = [rng.randint(1, 3) for _ in range(n_mentors)]
    return scores, capacities


def random_features(n_projects: int, n_mentors: int, seed: int):
    rng = random.Random(seed)

    def some(values, low, high):
        return frozenset(rng.sample(values, rng.randint(low, high)))

    projects = [
        scoring.ProjectFeatures(
            key=p,
            support_needs=some(NEEDS, 1, 4),
            sectors=some(SECTORS, 0, 2),
            languages=frozenset({"fr"}) | some(LANGUAGES, 0, 1),
            neighbourhoods=some(NEIGHBOURHOODS, 1, 3),
        )
        for p in range(n_projects)
    ]
    mentors = [
        scoring.MentorFeatures(
            key=m,
            expertise=some(NEEDS, 1, 4),
            sectors=some(SECTORS, 0, 3),
            languages=frozenset({"fr"}) | some(LANGUAGES, 0, 2),
            neighbourhoods=some(NEIGHBOURHOODS, 0, 4),
            capacity=rng.randint(1, 3),
            paused=rng.random() < 0.05,
            conflicts=frozenset(rng.sample(range(n_projects), 2)),
        )
        for m in range(n_mentors)
    ]
    return projects, mentors


def score_all(projects, mentors):
    """What matching_run does between reading the rows and solving: every pair excluded or scored."""
    scores = []
    for project in projects:
        row = []
        for mentor in mentors:
            if scoring.exclusion(project, mentor):
                row.append(EXCLUDED)
            else:
                row.append(scoring.pair_score(project, mentor)[0])
        scores.append(row)
    return scores


def timed(function, *args, repeat: int, **kwargs):
    function(*args, **kwargs)  # warm-up (imports, caches)
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--mentors", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    projects, mentors = random_features(args.projects, args.mentors, args.seed)
    seconds, scored = timed(score_all, projects, mentors, repeat=args.repeat)
    pairs = args.projects * args.mentors
    excluded = sum(value is EXCLUDED for row in scored for value in row)
    print(f"Score de {pairs} paires ({excluded} exclues) : {seconds * 1000:.1f} ms")

    scores, capacities = random_case(args.projects, args.mentors, args.seed)
    seats = sum(capacities)
    print(f"{args.projects} projets × {args.mentors} mentors, {seats} places, graine {args.seed}")
    # The offsets matching_run gives each mentor's k-th seat (no seat taken yet: −k/capacity × the capacity weight).
    offsets = [
        scoring.copy_offsets(scoring.MentorFeatures(key=m, capacity=capacity), seats=min(capacity, args.projects))
        for m, capacity in enumerate(capacities)
    ]
    seconds, spread = timed(best_assignment, scores, capacities, copy_offsets=offsets, repeat=args.repeat)
    print(
        f"  {'optimal, charge répartie':32} {seconds * 1000:8.1f} ms  "
        f"{len(spread)} projets appariés, total {total_score(spread):.1f}"
    )
    for guarantee in (True, False):
        seconds, assignments = timed(
            best_assignment, scores, capacities, guarantee_one_each=guarantee, repeat=args.repeat
        )
        label = "optimal, un mentor pour chacun" if guarantee else "optimal, score seul"
        print(
            f"  {label:32} {seconds * 1000:8.1f} ms  "
            f"{len(assignments)} projets appariés, total {total_score(assignments):.1f}"
        )
    seconds, greedy = timed(greedy_assignment, scores, capacities, repeat=args.repeat)
    print(
        f"  {'glouton (référence)':32} {seconds * 1000:8.1f} ms  {len(greedy)} projets appariés, total {total_score(greedy):.1f}"
    )


if __name__ == "__main__":
    main()
