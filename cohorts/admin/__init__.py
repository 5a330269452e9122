"""The selection in the admin. Display only here: every change of state goes through `cohorts.services`.

Importing the modules registers their admin classes (the admin's autodiscovery imports this package)."""

from . import calls, cohorts, decisions, reviews

__all__ = ["calls", "cohorts", "decisions", "reviews"]
