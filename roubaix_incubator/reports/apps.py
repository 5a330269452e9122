from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Top layer: programme reports and the staff dashboard, built from the apps' selectors."""

    name = "roubaix_incubator.reports"
    label = "reports"
    verbose_name = _("Rapports et tableau de bord")
