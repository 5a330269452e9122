"""Who reviews what: the most files get their reviewers, and the load is as even as it can be.

A min-cost flow with convex costs. The source sends each file as many units as it still needs; a file passes a
unit to a reviewer it may be given to (capacity 1: a reviewer reads a file once); a reviewer passes it to the
sink at the cost of their load at that moment (open reviews they already have, plus those given here). The
successive shortest paths method keeps the cost minimal at every flow value, so at the maximum flow the sum of
the squared loads is the smallest possible. On these sets of load vectors (they form an M-convex set) that
vector is also the one whose largest load is smallest and whose smallest load is largest: max − min is the
smallest reachable, ≤ 1 whenever an assignment with ≤ 1 exists.

Every file→reviewer arc costs 0, so an augmenting path costs exactly the load of the reviewer it ends on: the
shortest path is a breadth-first search along alternating paths (a file takes a reviewer, another file hands
one over), ending on the least loaded reviewer it reaches. O(units × arcs), plain Python, no dependency."""

from collections import deque
from collections.abc import Mapping, Sequence


def balanced_assignment(
    *,
    demand: Mapping[int, int],
    eligible: Mapping[int, Sequence[int]],
    load: Mapping[int, int],
) -> dict[int, list[int]]:
    """`demand`: reviewers still wanted per file; `eligible`: the reviewers each file may be given to (no
    conflict, not its applicant, not already on it); `load`: the open reviews of every reviewer of the pool.
    Returns the reviewers chosen per file. Deterministic: ties go to the lowest load, then the lowest id."""
    files = sorted(f for f, wanted in demand.items() if wanted > 0)
    candidates = {f: sorted(set(eligible.get(f, ()))) for f in files}
    current = dict(load)
    for reviewers in candidates.values():
        for reviewer in reviewers:
            current.setdefault(reviewer, 0)
    given: dict[int, set[int]] = {f: set() for f in files}
    holder_files: dict[int, set[int]] = {r: set() for r in current}  # reviewer → files given to them here

    while True:
        open_files = [f for f in files if len(given[f]) < demand[f]]
        if not open_files:
            break
        # Breadth-first over alternating paths from every file that still needs a reviewer.
        came_from_file: dict[int, int] = {}  # reviewer → the file that reached them
        came_from_reviewer: dict[int, int | None] = dict.fromkeys(open_files)  # file → the reviewer it takes over
        queue = deque(open_files)
        while queue:
            file_id = queue.popleft()
            for reviewer in candidates[file_id]:
                if reviewer in given[file_id] or reviewer in came_from_file:
                    continue
                came_from_file[reviewer] = file_id
                # That reviewer's other files could hand them over and take someone else.
                for other in sorted(holder_files[reviewer]):
                    if other not in came_from_reviewer:
                        came_from_reviewer[other] = reviewer
                        queue.append(other)
        if not came_from_file:
            break
        end = min(came_from_file, key=lambda r: (current[r], r))
        # Walk back: each file on the path takes the reviewer after it and hands over the one before.
        reviewer = end
        while reviewer is not None:
            file_id = came_from_file[reviewer]
            handed_over = came_from_reviewer[file_id]
            given[file_id].add(reviewer)
            holder_files[reviewer].add(file_id)
            if handed_over is not None:
                given[file_id].discard(handed_over)
                holder_files[handed_over].discard(file_id)
            reviewer = handed_over
        current[end] += 1
    return {f: sorted(given[f]) for f in files}
