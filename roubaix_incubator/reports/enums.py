from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    CALL = "call", _("Rapport de programme d'un appel à candidatures")
    COHORT = "cohort", _("Rapport d'une promotion")
    EVENTS = "events", _("Rapport des événements sur une période")
    FUNDERS = "funders", _("Rapport pour les financeurs (profil des porteurs)")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    BUILDING = "building", _("En construction")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")


# The funders' report shows the holders' profile: only to users with this permission.
HOLDER_PROFILE_PERMISSION = "applications.view_holder_profile"
DASHBOARD_PERMISSION = "reports.view_dashboard"

# Statistical secrecy: a group of fewer people than this is shown as "< 5", never as its number.
SMALL_GROUP = 5
