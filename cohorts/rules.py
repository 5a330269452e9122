"""Who may see what in the selection: one place for the rule."""


def sees_only_assigned_files(user) -> bool:
    """The one rule for what a jury member sees: a staff user without `cohorts.view_all_reviews` sees only the
    files assigned to them (a review of theirs, open, sent or closed by a conflict) — in every admin list and
    page, the autocompletes, and the documents they download. Programme managers hold the permission."""
    return not user.has_perm("cohorts.view_all_reviews")
