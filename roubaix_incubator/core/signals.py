"""What the apps above core are asked when someone deletes their account (RGPD, right to erasure).

Core cannot import the apps that hold a person's data; each of them answers these two signals for its own rows.
"""

from django.dispatch import Signal

# Receivers return a list of French sentences, each a reason the account cannot be deleted yet and what to do.
account_deletion_blockers = Signal()  # sender=User, user=

# Receivers erase or anonymise what their app keeps about the user, inside the deletion's transaction.
account_erasing = Signal()  # sender=User, user=, now=

# Receivers return a list of (section title, rows): what their app keeps about the user, for the person's own copy
# of their data (RGPD, right of access and portability). Rows are JSON-ready dicts (see `export_fields`).
account_data_export = Signal()  # sender=User, user=
