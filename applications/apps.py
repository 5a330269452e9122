from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Candidatures")

    def ready(self):
        from . import accounts  # noqa: F401 - connects the account deletion receivers
