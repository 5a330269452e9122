from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def format_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


class RegistrationClosed(ValidationError):
    """Registration is not open: not yet, or no longer. The message carries the dates."""


class AlreadyRegistered(ValidationError):
    """Someone registers again with an e-mail already registered for the event. Their manage link is sent again,
    unless it was sent less than ten minutes ago (`link_resent` says which); `waitlisted` tells whether the
    registration holds a seat or a place on the waitlist."""

    def __init__(self, registration_id: int, *, waitlisted: bool = False, waitlist_position: int | None = None,
                 link_resent: bool = True):
        self.registration_id = registration_id
        self.waitlisted = waitlisted
        self.waitlist_position = waitlist_position
        self.link_resent = link_resent
        if link_resent:
            message = _(
                "Cette adresse e-mail est déjà inscrite à cet événement. Nous venons de vous renvoyer par e-mail "
                "le lien personnel qui permet de voir, modifier ou annuler votre inscription."
            )
        else:
            message = _(
                "Cette adresse e-mail est déjà inscrite à cet événement. Le lien personnel qui permet de voir, "
                "modifier ou annuler votre inscription vous a été renvoyé il y a quelques minutes : regardez vos "
                "e-mails, y compris les courriers indésirables."
            )
        super().__init__(message, code="already_registered")


class ContributionsClosed(ValidationError):
    """Contributions are open from the start of the event until a week after its end."""


def capacity_below_confirmed(confirmed: int) -> ValidationError:
    return ValidationError(
        {
            "capacity": _(
                "%(confirmed)d personnes ont déjà une place confirmée : la capacité ne peut pas descendre en dessous. "
                "Annulez d'abord des inscriptions si la salle est plus petite."
            )
            % {"confirmed": confirmed}
        },
        code="capacity_below_confirmed",
    )
