from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def format_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


class RegistrationClosed(ValidationError):
    """Registration is not open: not yet, or no longer. The message carries the dates."""


class AlreadyRegistered(ValidationError):
    """Someone registers again with an e-mail already registered for the event; their manage link is re-sent."""

    def __init__(self, registration_id: int):
        self.registration_id = registration_id
        super().__init__(
            _(
                "Cette adresse e-mail est déjà inscrite à cet événement. Nous venons de vous renvoyer par e-mail "
                "le lien personnel qui permet de voir, modifier ou annuler votre inscription."
            ),
            code="already_registered",
        )


class ContributionsClosed(ValidationError):
    """Contributions are open from the start of the event until a week after its end."""
