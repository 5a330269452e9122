"""Writes on the core models."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import User
from .selectors import account_deletion_blockers_for, accounts_past_retention
from .signals import account_erasing


def user_set_preferred_language(*, user: User, language: str) -> None:
    """The language of the e-mails the platform sends this person follows the one they chose on the site."""
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language


@transaction.atomic
def user_delete_account(*, user: User) -> None:
    """The person deletes their own account (RGPD, right to erasure). Each app erases or anonymises what it keeps
    about them (`account_erasing`); figures that name nobody stay. Refused, with the reasons, while something in
    progress needs the account (an application under review, a cohort, a mentoring commitment)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if blockers := account_deletion_blockers_for(user):
        raise ValidationError(blockers)
    account_erasing.send(sender=User, user=user, now=timezone.now())
    user.delete()


def accounts_purge_past_retention(*, now=None) -> int:
    """Deletes, as their owners would, the accounts past their retention period (`accounts_past_retention`);
    those something in progress holds back are kept until it ends. Returns how many were deleted; a second run
    finds nothing left to delete."""
    now = now or timezone.now()
    deleted = 0
    for user in accounts_past_retention(now=now):
        try:
            user_delete_account(user=user)
        except ValidationError:  # held back by something in progress: kept until it ends
            continue
        deleted += 1
    return deleted
