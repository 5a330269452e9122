"""Every write of the selection and the cohorts. Views, forms, admin actions and tasks call these, nothing else."""

from .criteria import DEFAULT_CRITERIA, criteria_seed_default
from .decisions import (
    DecisionsNotReady,
    decision_prepare,
    decision_problems,
    decision_send_email,
    decision_transition_problem,
    decisions_release,
)
from .impact import impact_report_submit
from .memberships import (
    MEMBERSHIP_TRANSITIONS,
    InvalidMembershipTransition,
    cohort_save,
    cohort_seats_problem,
    membership_decline_and_promote,
    membership_transition,
    waitlist_promote_next,
)
from .reviews import (
    Assignment,
    application_screen,
    application_shortlist,
    review_declare_conflict,
    review_submit,
    reviews_assign,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "MEMBERSHIP_TRANSITIONS",
    "Assignment",
    "DecisionsNotReady",
    "InvalidMembershipTransition",
    "application_screen",
    "application_shortlist",
    "cohort_save",
    "cohort_seats_problem",
    "criteria_seed_default",
    "decision_prepare",
    "decision_problems",
    "decision_send_email",
    "decision_transition_problem",
    "decisions_release",
    "impact_report_submit",
    "membership_decline_and_promote",
    "membership_transition",
    "review_declare_conflict",
    "review_submit",
    "reviews_assign",
    "waitlist_promote_next",
]
