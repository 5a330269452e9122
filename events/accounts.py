"""The events' part of deleting an account (RGPD): seats at upcoming events are given back (the waitlist moves
up), then every registration of the person — with the account or with its e-mail — is anonymised."""

from django.db.models import Q
from django.dispatch import receiver

from roubaix_incubator.core.signals import account_erasing

from .enums import RegistrationStatus
from .models import Registration
from .services.registrations import registration_cancel
from .services.retention import registrations_anonymise


@receiver(account_erasing, dispatch_uid="events.account_erasing")
def erase_registrations(sender, user, now, **kwargs) -> None:
    theirs = Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email), anonymised_at__isnull=True)
    for registration in theirs.filter(event__starts_at__gt=now).exclude(status=RegistrationStatus.CANCELLED):
        registration_cancel(registration=registration, now=now)
    registrations_anonymise(pks=list(theirs.values_list("pk", flat=True)), now=now)
