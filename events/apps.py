from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self):
        from . import accounts, checks  # noqa: F401 - connects the account deletion receivers, registers the checks
