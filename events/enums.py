from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CO_CONSTRUCTION = "co_construction", _("Atelier de co-construction")
    MORNING_TALK = "morning_talk", _("Matinale")
    INFORMATION_SESSION = "information_session", _("Réunion d'information")
    NEIGHBOURHOOD_MEETUP = "neighbourhood_meetup", _("Rencontre de quartier")
    PITCH_SESSION = "pitch_session", _("Session de pitchs")
    COHORT_WORKSHOP = "cohort_workshop", _("Atelier de la promotion")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Ouvert à toutes et tous")
    # Seen and joined only by the members of the event's cohort (see selectors.events_visible_to).
    COHORT = "cohort", _("Réservé à une promotion")


class ActorKind(models.TextChoices):
    ECONOMIC = "economic", _("Acteur économique (entreprise, commerce, indépendant·e)")
    SOCIAL = "social", _("Acteur social (insertion, emploi, solidarité)")
    ASSOCIATIVE = "associative", _("Association")
    CULTURAL = "cultural", _("Acteur culturel")
    INSTITUTION = "institution", _("Institution ou collectivité")
    RESIDENT = "resident", _("Habitant·e")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscription confirmée")
    WAITLISTED = "waitlisted", _("Sur liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


class QuestionKind(models.TextChoices):
    """The kinds of an event's extra question: the wording of applications' QuestionKind, fewer kinds."""

    SHORT_TEXT = "short_text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    SINGLE_CHOICE = "single_choice", _("Choix unique")
    YES_NO = "yes_no", _("Oui / non")


# The stored answers of a yes / no question, and what people read.
YES_NO_ANSWERS = {"yes": _("Oui"), "no": _("Non")}


class ContributionKind(models.TextChoices):
    IDEA = "idea", _("Idée")
    NEED = "need", _("Besoin")
    RESOURCE = "resource", _("Ressource")


# How long before the start participants get their reminder, and how long after the end they may still contribute.
REMINDER_BEFORE = timedelta(days=2)
CONTRIBUTIONS_OPEN_AFTER_END = timedelta(days=7)
# A participant who registers again with the same e-mail gets their manage link again, at most this often.
MANAGE_LINK_RESEND_INTERVAL = timedelta(minutes=10)
# The beat job sends the e-mails still unsent this long after they were due (their own task should have sent them).
UNSENT_EMAIL_SWEEP_AFTER = timedelta(minutes=5)
# Event slugs that would collide with the app's own fixed URLs.
RESERVED_SLUGS = {"inscription", "accueil"}
