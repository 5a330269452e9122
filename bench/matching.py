"""Benchmark of the mentor assignment (mentors/matching.py): 300 projects × 200 mentors, random scores out of
100, capacities 1 to 3, about 10 % of the pairs excluded. Prints the solve time of the optimal assignment (best of
a few runs, after one warm-up) and compares its total with the greedy baseline. Not a test: run it by hand.

    .venv/bin/python bench/matching.py [--projects 300] [--mentors 200] [--seed 2023] [--repeat 3]
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentors.matching import EXCLUDED, best_assignment, greedy_assignment, total_score  # noqa: E402


def random_case(n_projects: int, n_mentors: int, seed: int, exclusion_rate: float = 0.10):
    rng = random.Random(seed)
    scores = [
        [EXCLUDED if rng.random() < exclusion_rate else round(rng.uniform(0, 100), 2) for _ in range(n_mentors)]
        for _ in range(n_projects)
    ]
    capacities = [rng.randint(1, 3) for _ in range(n_mentors)]
    return scores, capacities


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

    scores, capacities = random_case(args.projects, args.mentors, args.seed)
    seats = sum(capacities)
    print(f"{args.projects} projets × {args.mentors} mentors, {seats} places, graine {args.seed}")
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
