"""Two-factor authentication (allauth.mfa) for the people who read other people's files.

Staff and jury members open every applicant's file in the admin; mentors read their projects' sessions. When
``MFA_REQUIRED`` is on (the default with DEBUG off), they must activate an authenticator app before they reach
the admin or the mentor portal. Project holders and event participants may activate it, never must.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# The areas where a second factor is required, for the people who need one.
PROTECTED_PATHS = ("/admin/", "/mentorat/")


def mfa_required_for(user) -> bool:
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    # `mentor_profile` is the mentors app's one-to-one to the user; core does not import that app.
    mentor = getattr(user, "mentor_profile", None)
    return bool(mentor and mentor.approved)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """Sends staff and mentors without an authenticator app to its activation page before the protected areas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(PROTECTED_PATHS)
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
