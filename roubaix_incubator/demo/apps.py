from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Top layer, like reports: loads the demo programme from every app's services."""

    name = "roubaix_incubator.demo"
    label = "demo"
    verbose_name = _("Programme de démonstration")
