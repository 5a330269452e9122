from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Sélection et promotions")

    def ready(self):
        from . import accounts  # noqa: F401 - connects the account deletion receivers
