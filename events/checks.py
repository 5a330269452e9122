"""System checks of the events app."""

from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def registration_rate_limit_configured(app_configs, **kwargs):
    """The public registration form is rate limited by allauth only if the settings give it a rate."""
    from allauth.account import app_settings

    from .views.throttle import REGISTRATION_ACTION, REGISTRATION_RATE_LIMIT

    if app_settings.RATE_LIMITS.get(REGISTRATION_ACTION):
        return []
    return [
        CheckWarning(
            "Event registrations are not rate limited.",
            hint=f'Add "{REGISTRATION_ACTION}": "{REGISTRATION_RATE_LIMIT}" to ACCOUNT_RATE_LIMITS.',
            id="events.W001",
        )
    ]
