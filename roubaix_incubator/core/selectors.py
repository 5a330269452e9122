"""Reads on the core models."""

from django.utils.translation import gettext as _

from .models import User
from .signals import account_deletion_blockers


def account_deletion_blockers_for(user: User) -> list[str]:
    """Why this account cannot be deleted by its owner right now, in plain French; empty when it can."""
    if user.is_staff:
        return [_("Les comptes de l'équipe et du jury sont supprimés par un administrateur de la plateforme.")]
    return [reason for _receiver, reasons in account_deletion_blockers.send(sender=User, user=user) for reason in reasons]
