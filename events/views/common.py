"""What the events views share: form errors from services, private pages, staff-only pages."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from ..services import TableAssignment


def add_validation_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def table_assignment_message(result: TableAssignment) -> tuple[int, str]:
    """What staff read after seating people (the tables page and the admin action): the level and the text."""
    values = {"assigned": result.assigned, "unassigned": result.unassigned, "kept": result.kept}
    if result.kept and not result.assigned and not result.unassigned:
        text = _("Personne de plus à placer : les %(kept)d déjà assises gardent leur table.") % values
    elif result.kept:
        text = ngettext(
            "%(assigned)d personne de plus est placée ; les %(kept)d déjà assises gardent leur table.",
            "%(assigned)d personnes de plus sont placées ; les %(kept)d déjà assises gardent leur table.",
            result.assigned,
        ) % values
    else:
        text = ngettext(
            "%(assigned)d personne est placée.", "%(assigned)d personnes sont placées.", result.assigned
        ) % values
    if not result.unassigned:
        return messages.SUCCESS, text
    missing = ngettext(
        "%(unassigned)d personne n'a pas de place faute de sièges.",
        "%(unassigned)d personnes n'ont pas de place faute de sièges.",
        result.unassigned,
    ) % values
    return messages.WARNING, " ".join([text, missing])


def private_page(view):
    """A page behind a participant's private link: never cached, never indexed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = never_cache(view)(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def staff_required(view):
    """Check-in and table pages: staff allowed to change registrations. Anonymous visitors are sent to the login
    page; anyone else gets a 404, which does not confirm that the page exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff and request.user.has_perm("events.change_registration")):
            raise Http404
        return never_cache(view)(request, *args, **kwargs)

    return wrapper
