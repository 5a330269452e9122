"""Every write of the events app. Views, forms, admin actions and tasks call these, nothing else.

Lock order, everywhere: the event row first, then its registrations. Every change of seats or of the waitlist
happens under the event's row lock, which serialises simultaneous registrations and cancellations."""

from .contributions import (
    contribution_hide,
    contribution_keep,
    contribution_post,
    contribution_unvote,
    contribution_vote,
    contributions_merge,
)
from .errors import AlreadyRegistered, ContributionsClosed, RegistrationClosed
from .events import event_save, event_set_synthesis_published, event_update
from .notifications import (
    event_send_date_change_notices,
    registration_send_confirmation,
    registration_send_manage_link,
    registration_send_promotion,
    reminders_send_due,
)
from .registrations import (
    registration_cancel,
    registration_check_in,
    registration_create,
    registration_undo_check_in,
    registration_update,
    registration_walk_in,
)
from .retention import registrations_anonymise_expired
from .tables import TableAssignment, tables_assign

__all__ = [
    "AlreadyRegistered",
    "ContributionsClosed",
    "RegistrationClosed",
    "TableAssignment",
    "contribution_hide",
    "contribution_keep",
    "contribution_post",
    "contribution_unvote",
    "contribution_vote",
    "contributions_merge",
    "event_save",
    "event_send_date_change_notices",
    "event_set_synthesis_published",
    "event_update",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "registration_send_confirmation",
    "registration_send_manage_link",
    "registration_send_promotion",
    "registration_undo_check_in",
    "registration_update",
    "registration_walk_in",
    "registrations_anonymise_expired",
    "reminders_send_due",
    "tables_assign",
]
