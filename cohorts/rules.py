"""Who may see what in the selection: one place for the rule."""

# The one rule for what a jury member sees: a staff user without `cohorts.view_all_reviews` sees only the files
# assigned to them (a review of theirs, open, sent or closed by a conflict) — in every admin list and page, the
# autocompletes, and the documents they download. Programme managers hold the permission. It is defined next to
# the applications it filters, so the document download (applications app, below cohorts) uses it too.
from applications.selectors import staff_sees_only_assigned_files as sees_only_assigned_files

__all__ = ["sees_only_assigned_files"]
