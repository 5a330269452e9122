"""Writes on the core models."""

from django.conf import settings

from .models import User


def user_set_preferred_language(*, user: User, language: str) -> None:
    """The language of the e-mails the platform sends this person follows the one they chose on the site."""
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
