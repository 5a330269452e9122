"""Two-factor authentication (allauth.mfa) for the people who read other people's files.

Staff and jury members open every applicant's file (in the admin, and their documents); mentors read their
projects' sessions. When ``MFA_REQUIRED`` is on (the default with DEBUG off), they must activate an authenticator
app before any page but their account's: the rule follows the person, not a list of protected addresses. Project
holders and event participants may activate it, never must.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .selectors import user_is_approved_mentor

# What stays open before the second factor is set up: logging in and out, the activation itself, the language.
OPEN_PATHS = ("/compte/", "/i18n/")


def mfa_required_for(user) -> bool:
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user_is_approved_mentor(user)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """Sends staff and mentors without an authenticator app to its activation page, whatever page they asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not request.path.startswith(OPEN_PATHS)
            and mfa_required_for(request.user)
            and not has_authenticator_app(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Pour protéger les données des porteurs de projet, activez d'abord la double authentification "
                    "avec une application d'authentification sur votre téléphone."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
