"""Every write of the mentors app. Views, forms, admin actions and tasks call these, nothing else."""

from .matches import (
    InvalidMatchTransition,
    MatchingResult,
    match_check_pair_by_hand,
    match_confirm,
    match_create_by_hand,
    match_end,
    match_reject,
    match_send_introduction,
    match_set_fixed,
    match_transition,
    matching_run,
    pair_exclusion,
)
from .profiles import (
    conflict_declare,
    conflict_update,
    mentor_apply,
    mentor_approve,
    mentor_invite,
    mentor_resend_invitation,
    mentor_send_invitation,
    mentor_set_status,
    mentor_sign_charter,
    mentor_update_profile,
)
from .project_profiles import project_profiles_save
from .reminders import reminders_send_due
from .sessions import session_give_feedback, session_log

__all__ = [
    "InvalidMatchTransition",
    "MatchingResult",
    "conflict_declare",
    "conflict_update",
    "match_check_pair_by_hand",
    "match_confirm",
    "match_create_by_hand",
    "match_end",
    "match_reject",
    "match_send_introduction",
    "match_set_fixed",
    "match_transition",
    "matching_run",
    "mentor_apply",
    "mentor_approve",
    "mentor_invite",
    "mentor_resend_invitation",
    "mentor_send_invitation",
    "mentor_set_status",
    "mentor_sign_charter",
    "mentor_update_profile",
    "pair_exclusion",
    "project_profiles_save",
    "reminders_send_due",
    "session_give_feedback",
    "session_log",
]
