"""Reads on the core models."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from .models import User
from .signals import account_data_export, account_deletion_blockers


def account_deletion_blockers_for(user: User) -> list[str]:
    """Why this account cannot be deleted by its owner right now, in plain French; empty when it can."""
    if user.is_staff:
        return [_("Les comptes de l'équipe et du jury sont supprimés par un administrateur de la plateforme.")]
    return [reason for _receiver, reasons in account_deletion_blockers.send(sender=User, user=user) for reason in reasons]


def user_is_approved_mentor(user) -> bool:
    # `mentor_profile` is the mentors app's one-to-one to the user; core does not import that app.
    mentor = getattr(user, "mentor_profile", None)
    return bool(mentor and mentor.approved)


def accounts_past_retention(*, now: datetime) -> QuerySet[User]:
    """The accounts the retention rule deletes (RGPD): unused for RETENTION_ACCOUNT_DAYS (last login, or sign-up
    for those who never logged in), or whose e-mail address was never confirmed RETENTION_UNVERIFIED_ACCOUNT_DAYS
    after signing up. Staff accounts are managed by hand. Something in progress may still hold one back."""
    unused_since = now - timedelta(days=settings.RETENTION_ACCOUNT_DAYS)
    unverified_since = now - timedelta(days=settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .filter(
            Q(last_login__lt=unused_since)
            | Q(last_login__isnull=True, date_joined__lt=unused_since)
            | Q(~Exists(verified), date_joined__lt=unverified_since)
        )
        .order_by("pk")
    )


def export_fields(instance, names: list[str]) -> dict[str, object]:
    """These fields of a row as a person reads them: French labels, choices in words, dates in ISO format, lists
    of related rows as their names."""
    row = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            value = [str(item) for item in getattr(instance, name).all()]
        elif field.choices:
            value = getattr(instance, f"get_{name}_display")()
        else:
            value = getattr(instance, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        row[str(field.verbose_name)] = value
    return row


def account_data_for(user: User) -> dict[str, object]:
    """Everything the platform keeps about this person, by section, for their own copy of their data."""
    data: dict[str, object] = {
        _("Compte"): export_fields(user, ["email", "full_name", "phone", "preferred_language", "date_joined", "last_login"])
    }
    for _receiver, sections in account_data_export.send(sender=User, user=user):
        for title, rows in sections:
            data[str(title)] = rows
    return data
