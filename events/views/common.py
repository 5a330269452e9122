"""What the events views share: form errors from services, private pages, staff-only pages."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.views.decorators.cache import never_cache


def add_validation_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


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
