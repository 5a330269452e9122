"""Retention of participants' personal data (RGPD). `RETENTION_EVENT_REGISTRATION_DAYS` after an event ended, its
registrations are anonymised: name, e-mail, organisation, accessibility needs, answers, the account link and the
private link are erased. What the statistics need stays: kind of actor, neighbourhood, status, presence. The
contributions and votes stay too, attached to a registration that no longer names anyone (they were published
without names anyway).

Only rows not yet anonymised are touched, so running it twice does nothing the second time."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from ..models import Registration


def registrations_expired(*, now=None):
    """The registrations whose retention period is over and that still name someone."""
    now = now or timezone.now()
    ended_before = now - timedelta(days=settings.RETENTION_EVENT_REGISTRATION_DAYS)
    return Registration.objects.filter(event__ends_at__lt=ended_before, anonymised_at__isnull=True)


@transaction.atomic
def registrations_anonymise_expired(*, now=None) -> int:
    """Anonymises the registrations of events that ended more than the retention period ago; returns how many."""
    now = now or timezone.now()
    pks = list(registrations_expired(now=now).select_for_update(of=("self",)).values_list("pk", flat=True))
    return registrations_anonymise(pks=pks, now=now)


def registrations_anonymise(*, pks: list[int], now) -> int:
    """Erases what names the person of these registrations (see the module's docstring); returns how many."""
    if not pks:
        return 0
    return Registration.objects.filter(pk__in=pks, anonymised_at__isnull=True).update(
        full_name="",
        email="",
        organisation="",
        accessibility_needs="",
        answers={},
        user=None,
        search_text="",
        # The private link dies: a new token nobody was sent (the private pages also refuse anonymised rows).
        token=Concat(Value("anonymised-"), Cast("pk", output_field=CharField())),
        anonymised_at=now,
        updated_at=now,
    )
