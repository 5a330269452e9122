from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# Mentors' expertise tags and sessions' topics use the applications' vocabulary of support needs.
from applications.enums import SupportNeed

__all__ = [
    "LANGUAGE_CHOICES",
    "MATCH_TRANSITIONS",
    "NUDGE_AFTER",
    "NUDGE_INTERVAL",
    "OPEN_MATCH_STATUSES",
    "PROJECT_DEFAULT_LANGUAGES",
    "QUIET_PROJECT_AFTER",
    "SESSION_EDIT_WINDOW",
    "MatchStatus",
    "MentorKind",
    "MentorStatus",
    "Sector",
    "SessionMode",
    "SupportNeed",
    "Usefulness",
]


class MentorKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Bénévole")
    LENT = "lent", _("Salarié·e mis·e à disposition par son employeur (mécénat de compétences)")
    PAID_EXPERT = "paid_expert", _("Expert·e rémunéré·e")


class MentorStatus(models.TextChoices):
    ACTIVE = "active", _("Disponible")
    PAUSED = "paused", _("En pause")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    ACTIVE = "active", _("En cours")
    ENDED = "ended", _("Terminé")
    REJECTED = "rejected", _("Écarté")


# A proposed or active match holds one of the mentor's seats.
OPEN_MATCH_STATUSES = (MatchStatus.PROPOSED, MatchStatus.ACTIVE)

MATCH_TRANSITIONS: dict[str, set[str]] = {
    MatchStatus.PROPOSED: {MatchStatus.ACTIVE, MatchStatus.REJECTED},
    MatchStatus.ACTIVE: {MatchStatus.ENDED},
    MatchStatus.ENDED: set(),
    MatchStatus.REJECTED: set(),
}


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("En personne")
    VIDEO = "video", _("En visio")
    PHONE = "phone", _("Par téléphone")


class Usefulness(models.IntegerChoices):
    NOT_USEFUL = 1, _("1 — Pas utile")
    A_LITTLE = 2, _("2 — Un peu utile")
    USEFUL = 3, _("3 — Utile")
    VERY_USEFUL = 4, _("4 — Très utile")


class Sector(models.TextChoices):
    """Fields of activity of projects and of mentors' experience."""

    FOOD = "food", _("Alimentation et circuits courts")
    REUSE = "reuse", _("Réemploi, recyclage et économie circulaire")
    TEXTILE = "textile", _("Textile et mode")
    ENVIRONMENT = "environment", _("Transition écologique et énergie")
    EMPLOYMENT = "employment", _("Insertion et emploi")
    EDUCATION = "education", _("Éducation, jeunesse et formation")
    CULTURE = "culture", _("Culture et médias")
    HEALTH = "health", _("Santé, handicap et bien-être")
    CARE = "care", _("Services aux personnes, aide à domicile, grand âge")
    HOUSING = "housing", _("Logement et habitat")
    MOBILITY = "mobility", _("Mobilité")
    DIGITAL_INCLUSION = "digital_inclusion", _("Inclusion numérique")
    SPORT = "sport", _("Sport et loisirs")
    RETAIL = "retail", _("Commerce et artisanat de proximité")


LANGUAGE_CHOICES = [
    ("fr", _("Français")),
    ("en", _("Anglais")),
    ("ar", _("Arabe")),
    ("ber", _("Tamazight (berbère)")),
    ("nl", _("Néerlandais")),
    ("es", _("Espagnol")),
    ("pt", _("Portugais")),
    ("it", _("Italien")),
    ("de", _("Allemand")),
    ("tr", _("Turc")),
    ("pl", _("Polonais")),
    ("ro", _("Roumain")),
    ("lsf", _("Langue des signes française")),
]
LANGUAGE_LABELS = dict(LANGUAGE_CHOICES)

# Until staff say otherwise, a project is followed in French.
PROJECT_DEFAULT_LANGUAGES = ["fr"]

# Reminders: a mentor with an active match and no session for NUDGE_AFTER gets a nudge, at most once per
# NUDGE_INTERVAL; the staff follow-up lists the projects without a session for QUIET_PROJECT_AFTER.
NUDGE_AFTER = timedelta(days=30)
NUDGE_INTERVAL = timedelta(days=14)
QUIET_PROJECT_AFTER = timedelta(days=30)

# A mentor may correct a session they logged during this time after logging it; later it is part of the record.
SESSION_EDIT_WINDOW = timedelta(days=7)
