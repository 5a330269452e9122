"""How well a mentor suits a project: explicit criteria with weights, and the hard exclusions (no Django queries
here — the matching service reads the database and hands plain data in).

A pair's score is Σ weight × value over the criteria, each value between 0 and 1, so a score is out of 100.
The breakdown kept on the match says, per criterion, the value, the points and what matched, so staff see why.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .enums import LANGUAGE_LABELS, Sector, SupportNeed

CRITERIA = {
    # name: (weight, label)
    "expertise": (40, _("Expertise / besoins du projet")),
    "neighbourhood": (20, _("Connaissance des quartiers du projet")),
    "sector": (15, _("Secteur d'activité")),
    "language": (10, _("Langues partagées")),
    "capacity": (15, _("Disponibilité restante")),
}
MAX_SCORE = sum(weight for weight, _label in CRITERIA.values())
# What a mentor and a project really have in common; language and free seats say the pair is possible, not that
# it fits. Without the "one mentor for each project" guarantee, a pair needs points here to be proposed.
COMMON_CRITERIA = ("expertise", "sector", "neighbourhood")

EXCLUSION_REASONS = {
    "conflict": _("conflit d'intérêts déclaré"),
    "paused": _("mentor en pause"),
    "not_approved": _("mentor pas encore validé"),
    "no_charter": _("charte non signée"),
    "no_shared_language": _("aucune langue en commun"),
    "already_paired": _("binôme déjà terminé ou écarté"),
    "full": _("plus de place"),
}


@dataclass(frozen=True)
class ProjectFeatures:
    key: int
    support_needs: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"fr"})
    neighbourhoods: frozenset[int] = frozenset()


@dataclass(frozen=True)
class MentorFeatures:
    key: int
    expertise: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"fr"})
    neighbourhoods: frozenset[int] = frozenset()
    capacity: int = 1
    load: int = 0  # open matches (proposed or active) that stay
    approved: bool = True
    charter_signed: bool = True
    paused: bool = False
    conflicts: frozenset[int] = field(default_factory=frozenset)  # project keys
    past_projects: frozenset[int] = field(default_factory=frozenset)  # project keys of ended or rejected pairs

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.load, 0)


def _share(wanted: frozenset, offered: frozenset) -> tuple[float, list]:
    if not wanted:
        return 0.0, []
    common = wanted & offered
    return len(common) / len(wanted), sorted(common, key=str)


# The hard exclusions that hold even for a pair staff chose by hand (a shared language is left to their judgement).
HARD_EXCLUSIONS = ("conflict", "not_approved", "paused", "no_charter")


def hard_exclusion(mentor: MentorFeatures, *, conflicted: bool) -> str | None:
    """The hard exclusion (a key of HARD_EXCLUSIONS) that forbids pairing this mentor with a project, or None.
    The one place these rules and their order live: the matching, a proposal's confirmation, pairs fixed by hand."""
    if conflicted:
        return "conflict"
    if not mentor.approved:
        return "not_approved"
    if mentor.paused:
        return "paused"
    if not mentor.charter_signed:
        return "no_charter"
    return None


def exclusion(project: ProjectFeatures, mentor: MentorFeatures) -> str | None:
    """Why this pair may never be proposed (a key of EXCLUSION_REASONS), or None."""
    if reason := hard_exclusion(mentor, conflicted=project.key in mentor.conflicts):
        return reason
    if project.languages and not project.languages & mentor.languages:
        return "no_shared_language"
    if project.key in mentor.past_projects:
        return "already_paired"
    return None


def capacity_value(mentor: MentorFeatures, *, copy: int) -> float:
    """The capacity criterion's value for the mentor's `copy`-th free seat in a run (0 = the first):
    (remaining − copy) / capacity. Each extra project given to the same mentor is worth a little less, so the load
    spreads over the pool, and the assignment stays optimal (the seats are separate columns of the matrix)."""
    if not mentor.capacity:
        return 0.0
    return max(mentor.remaining - copy, 0) / mentor.capacity


def copy_offsets(mentor: MentorFeatures, *, seats: int) -> list[float]:
    """What the k-th seat's capacity points differ from the first seat's, for k in range(seats): ≤ 0, decreasing."""
    weight = CRITERIA["capacity"][0]
    first = capacity_value(mentor, copy=0)
    return [round(weight * (capacity_value(mentor, copy=k) - first), 2) for k in range(seats)]


def with_copy(score: float, breakdown: dict, mentor: MentorFeatures, *, copy: int) -> tuple[float, dict]:
    """The pair's score and breakdown when it takes the mentor's `copy`-th seat of the run."""
    if copy == 0:
        return score, breakdown
    weight = CRITERIA["capacity"][0]
    value = capacity_value(mentor, copy=copy)
    breakdown = {
        **breakdown,
        "capacity": {**breakdown["capacity"], "value": round(value, 3), "points": round(weight * value, 2)},
    }
    return round(sum(item["points"] for item in breakdown.values()), 2), breakdown


def pair_score(project: ProjectFeatures, mentor: MentorFeatures) -> tuple[float, dict]:
    """The pair's score out of 100 and its breakdown {criterion: {weight, value, points, matched}}."""
    values = {
        "expertise": _share(project.support_needs, mentor.expertise),
        "neighbourhood": _share(project.neighbourhoods, mentor.neighbourhoods),
        "sector": (1.0, sorted(project.sectors & mentor.sectors)) if project.sectors & mentor.sectors else (0.0, []),
        "language": _share(project.languages, mentor.languages),
        # A mentor with room left is preferred: the load spreads over the pool instead of piling on a few. This is
        # the value of the mentor's first free seat; the matching lowers it for the next ones (`capacity_value`).
        "capacity": (capacity_value(mentor, copy=0), []),
    }
    breakdown = {}
    for name, (value, matched) in values.items():
        weight = CRITERIA[name][0]
        breakdown[name] = {
            "weight": weight,
            "value": round(value, 3),
            "points": round(weight * value, 2),
            "matched": matched,
        }
    return round(sum(item["points"] for item in breakdown.values()), 2), breakdown


def common_points(breakdown: dict) -> float:
    """The points of a breakdown earned on the "in common" criteria (expertise, sector, neighbourhood)."""
    return round(sum(breakdown.get(name, {}).get("points", 0) for name in COMMON_CRITERIA), 2)


# The codes kept in a breakdown's "matched" lists, and their labels in the active language.
_MATCHED_LABELS = {
    "expertise": dict(SupportNeed.choices),
    "sector": dict(Sector.choices),
    "language": LANGUAGE_LABELS,
}


def matched_labels(name: str, values) -> list[str]:
    """What a criterion matched, for people: « Financement, Locaux », « Arabe, Français ». Neighbourhoods are kept
    by name already; an unknown code is shown as it is rather than hidden."""
    labels = _MATCHED_LABELS.get(name, {})
    return [str(labels.get(value, value)) for value in values or ()]


def breakdown_rows(breakdown: dict) -> list[dict]:
    """The breakdown in the criteria's order, with their labels and the labels of what matched, for display."""
    rows = []
    for name, (weight, label) in CRITERIA.items():
        item = breakdown.get(name)
        if item is None:
            continue
        rows.append(
            {
                "name": name,
                "label": label,
                **item,
                "weight": item.get("weight", weight),
                "matched_labels": matched_labels(name, item.get("matched")),
            }
        )
    return rows
