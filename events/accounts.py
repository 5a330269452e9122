"""The events' part of deleting an account (RGPD): seats at upcoming events are given back (the waitlist moves
up), then every registration of the person — with the account or with its e-mail — is anonymised."""

from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.selectors import export_fields
from roubaix_incubator.core.signals import account_data_export, account_erasing

from .enums import RegistrationStatus
from .models import Registration
from .selectors import event_questions, registration_answers
from .services.registrations import registration_cancel
from .services.retention import registrations_anonymise


def _theirs(user):
    return Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email), anonymised_at__isnull=True)


@receiver(account_data_export, dispatch_uid="events.account_data_export")
def export_registrations(sender, user, **kwargs) -> list[tuple[str, list[dict]]]:
    registrations = _theirs(user).select_related("event", "neighbourhood", "table").prefetch_related("contributions")
    rows = []
    for registration in registrations.order_by("event__starts_at"):
        questions = event_questions(event=registration.event)
        rows.append(
            {
                _("Événement"): registration.event.title,
                _("Date"): registration.event.starts_at.isoformat(),
                **export_fields(
                    registration,
                    ["full_name", "email", "organisation", "actor_kind", "neighbourhood", "accessibility_needs",
                     "status", "table", "checked_in_at", "consent_given_at"],
                ),  # fmt: skip
                _("Réponses aux questions"): dict(
                    registration_answers(registration=registration, questions=questions, leftovers=True)
                ),
                _("Contributions"): [contribution.text for contribution in registration.contributions.all()],
            }
        )
    return [(_("Inscriptions aux événements"), rows)]


@receiver(account_erasing, dispatch_uid="events.account_erasing")
def erase_registrations(sender, user, now, **kwargs) -> None:
    theirs = _theirs(user)
    for registration in theirs.filter(event__starts_at__gt=now).exclude(status=RegistrationStatus.CANCELLED):
        registration_cancel(registration=registration, now=now)
    registrations_anonymise(pks=list(theirs.values_list("pk", flat=True)), now=now)
