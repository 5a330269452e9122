"""Staff pages at the door: check-in, walk-ins, tables."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import WalkInForm
from .common import add_validation_errors, staff_required, table_assignment_message


def _checkin_context(event, query=""):
    return {
        "event": event,
        "query": query,
        "registrations": selectors.checkin_list(event=event, query=query),
        "counts": selectors.checkin_counts(event=event),
    }


@staff_required
def checkin(request, slug):
    event = selectors.event_get_for_staff(slug=slug)
    query = request.GET.get("q", "")[:100]
    if request.htmx and request.htmx.target == "checkin-results":
        return render(request, "events/staff/_checkin_results.html", _checkin_context(event, query))
    return render(request, "events/staff/checkin.html", _checkin_context(event, query))


@staff_required
def checkin_counts(request, slug):
    event = selectors.event_get_for_staff(slug=slug)
    return render(request, "events/staff/_counts.html", {"event": event, "counts": selectors.checkin_counts(event=event)})


@staff_required
def checkin_person(request, pk):
    registration = selectors.registration_get_for_staff(pk=pk)
    questions = selectors.event_questions(event=registration.event)
    return render(
        request,
        "events/staff/person.html",
        {
            "registration": registration,
            "event": registration.event,
            "answers": selectors.registration_answers(registration=registration, questions=questions),
            "counts": selectors.checkin_counts(event=registration.event),
        },
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@staff_required
@require_POST
def checkin_toggle(request, pk):
    registration = selectors.registration_get_for_staff(pk=pk)
    error = None
    try:
        if request.POST.get("action") == "undo":
            registration = services.registration_undo_check_in(registration=registration)
        else:
            registration = services.registration_check_in(registration=registration)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    registration = selectors.registration_get_for_staff(pk=pk)
    if request.htmx:
        return render(
            request,
            "events/staff/_checkin_row.html",
            {
                "registration": registration,
                "event": registration.event,
                "counts": selectors.checkin_counts(event=registration.event),
                "row_error": error,
                "next_url": _safe_next(request, reverse("events:checkin", kwargs={"slug": registration.event.slug})),
                "oob_counts": True,
                "announce": True,
            },
        )
    if error:
        messages.error(request, error)
    elif registration.checked_in_at:
        messages.success(request, _("%(name)s est pointé·e présent·e.") % {"name": registration.full_name})
    else:
        messages.info(request, _("Le pointage de %(name)s est annulé.") % {"name": registration.full_name})
    return redirect(_safe_next(request, reverse("events:checkin", kwargs={"slug": registration.event.slug})))


@staff_required
def walk_in(request, slug):
    event = selectors.event_get_for_staff(slug=slug)
    form = WalkInForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = services.registration_walk_in(
                event=event, email=form.cleaned_data["email"], **form.detail_values()
            )
        except ValidationError as error:  # a question changed while the form was open
            add_validation_errors(form, error)
        else:
            if created:
                messages.success(
                    request, _("%(name)s est inscrit·e et pointé·e présent·e.") % {"name": registration.full_name}
                )
            else:
                messages.info(
                    request,
                    _("%(name)s était déjà inscrit·e avec cette adresse : la personne est pointée présente.")
                    % {"name": registration.full_name},
                )
            return redirect("events:checkin", slug=event.slug)
    return render(
        request, "events/staff/walk_in.html", {"event": event, "form": form, "counts": selectors.checkin_counts(event=event)}
    )


@staff_required
def tables(request, slug):
    event = selectors.event_get_for_staff(slug=slug)
    if request.method == "POST":
        # By default only the people without a table are seated once someone is; "everyone" starts afresh.
        result = services.tables_assign(event=event, only_newcomers=False if request.POST.get("mode") == "everyone" else None)
        level, text = table_assignment_message(result)
        messages.add_message(request, level, text)
        return redirect("events:tables", slug=event.slug)
    tables = list(selectors.tables_with_counts(event=event))
    return render(
        request,
        "events/staff/tables.html",
        {"event": event, "tables": tables, "someone_seated": any(table.seated for table in tables)},
    )


@staff_required
def table_sheet(request, slug, pk):
    event = selectors.event_get_for_staff(slug=slug)
    table = selectors.table_with_participants(event=event, pk=pk)
    return render(request, "events/staff/table_sheet.html", {"event": event, "table": table})
