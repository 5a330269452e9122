from .participant import calendar_file, cancel, confirmation, contribute, manage, vote
from .public import agenda, event_detail, register, synthesis
from .staff import checkin, checkin_counts, checkin_person, checkin_toggle, table_sheet, tables, walk_in

__all__ = [
    "agenda",
    "calendar_file",
    "cancel",
    "checkin",
    "checkin_counts",
    "checkin_person",
    "checkin_toggle",
    "confirmation",
    "contribute",
    "event_detail",
    "manage",
    "register",
    "synthesis",
    "table_sheet",
    "tables",
    "vote",
    "walk_in",
]
