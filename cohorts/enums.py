from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.enums import Status

# Staff users in this group review the files assigned to them (the demo programme creates it).
REVIEWER_GROUP = "Membre du jury"

SCORE_MIN, SCORE_MAX = 0, 4


class Recommendation(models.TextChoices):
    YES = "yes", _("Oui, à retenir")
    MAYBE = "maybe", _("Peut-être")
    NO = "no", _("Non")


class Outcome(models.TextChoices):
    # The values are the application statuses the release moves to.
    ACCEPTED = Status.ACCEPTED.value, _("Retenue")
    WAITLISTED = Status.WAITLISTED.value, _("Sur liste d'attente")
    REFERRED = Status.REFERRED.value, _("Orientée vers un partenaire")
    REJECTED = Status.REJECTED.value, _("Non retenue")


# Nobody is turned down without being told why and pointed to another support (orientation).
OUTCOMES_NEEDING_REASONS = {Outcome.REFERRED, Outcome.REJECTED}
OUTCOMES_NEEDING_PARTNER = {Outcome.REFERRED, Outcome.REJECTED}
INELIGIBLE_OUTCOMES = {Outcome.REFERRED, Outcome.REJECTED}


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("En cours")
    LEFT = "left", _("Parti·e")
    COMPLETED = "completed", _("Parcours terminé")


# A member who left frees their seat; one who completed the programme keeps it.
SEAT_HOLDING_STATUSES = {MembershipStatus.ACTIVE, MembershipStatus.COMPLETED}


class Quarter(models.IntegerChoices):
    Q1 = 1, _("1er trimestre (janvier – mars)")
    Q2 = 2, _("2e trimestre (avril – juin)")
    Q3 = 3, _("3e trimestre (juillet – septembre)")
    Q4 = 4, _("4e trimestre (octobre – décembre)")
