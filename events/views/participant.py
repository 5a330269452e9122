"""A participant's private pages, behind the token of their link: no account needed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..emails import checkin_qr_svg
from ..forms import ContributionForm, RegistrationDetailsForm
from ..ics import calendar_filename, event_calendar
from .common import add_validation_errors, private_page


@private_page
def confirmation(request, token):
    registration = selectors.registration_get_by_token(token=token)
    return render(request, "events/confirmation.html", {"registration": registration, "event": registration.event})


def _manage_context(registration, *, details_form=None, contribution_form=None):
    event = registration.event
    now = timezone.now()
    contributions_open = registration.is_confirmed and event.contributions_are_open(now)
    context = {
        "registration": registration,
        "event": event,
        "details_form": details_form or RegistrationDetailsForm(instance=registration, event=event),
        "can_cancel": not registration.is_cancelled and not event.is_past(now),
        "contributions_open": contributions_open,
        "contributions_not_yet": registration.is_confirmed and now < event.starts_at,
    }
    if registration.is_confirmed and now >= event.starts_at:
        context["contributions"] = selectors.contributions_for_participant(registration=registration)
    if contribution_form is not None:
        # A contribution refused (the window closed while it was being written, an error): shown again as typed,
        # with the reason, whatever the window says now.
        context["contribution_form"] = contribution_form
    elif contributions_open:
        context["contribution_form"] = ContributionForm(event=event)
    if registration.is_confirmed:
        context["qr_code"] = checkin_qr_svg(registration, title=_("QR code à montrer à l'accueil"))
    return context


@private_page
def manage(request, token):
    registration = selectors.registration_get_by_token(token=token)
    details_form = None
    if request.method == "POST":
        details_form = RegistrationDetailsForm(request.POST, instance=registration, event=registration.event)
        if details_form.is_valid():
            try:
                services.registration_update(registration=registration, fields=details_form.detail_values())
            except ValidationError as error:
                add_validation_errors(details_form, error)
            else:
                messages.success(request, _("Vos informations sont enregistrées."))
                return redirect(registration)
    return render(request, "events/manage.html", _manage_context(registration, details_form=details_form))


@private_page
def cancel(request, token):
    registration = selectors.registration_get_by_token(token=token)
    if registration.is_cancelled:
        messages.info(request, _("Cette inscription est déjà annulée."))
        return redirect(registration)
    if registration.event.is_past():
        messages.info(request, _("L'événement a eu lieu : l'inscription ne peut plus être annulée."))
        return redirect(registration)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        messages.success(request, _("Votre inscription est annulée. Merci de nous avoir prévenus : votre place va à une autre personne."))
        return redirect(registration)
    return render(request, "events/cancel.html", {"registration": registration, "event": registration.event})


@private_page
def calendar_file(request, token):
    registration = selectors.registration_get_by_token(token=token)
    if not registration.is_confirmed:
        raise Http404
    response = HttpResponse(
        event_calendar(event=registration.event, registration=registration), content_type="text/calendar; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{calendar_filename(registration.event)}"'
    return response


@private_page
@require_POST
def contribute(request, token):
    registration = selectors.registration_get_by_token(token=token)
    form = ContributionForm(request.POST, event=registration.event)
    if form.is_valid():
        try:
            services.contribution_post(
                registration=registration,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                table=form.cleaned_data.get("table"),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Merci ! Votre contribution est publiée."))
            return redirect(f"{registration.get_absolute_url()}#contributions")
    return render(request, "events/manage.html", _manage_context(registration, contribution_form=form), status=400)


@private_page
@require_POST
def vote(request, token, pk):
    registration = selectors.registration_get_by_token(token=token)
    contribution = selectors.contribution_get_for_event(registration=registration, pk=pk)
    error = None
    try:
        if request.POST.get("action") == "unvote":
            services.contribution_unvote(contribution=contribution, registration=registration)
        else:
            services.contribution_vote(contribution=contribution, registration=registration)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        contribution = selectors.contribution_for_participant(registration=registration, pk=pk)
        return render(
            request,
            "events/_vote.html",
            {
                "contribution": contribution,
                "registration": registration,
                "can_vote": contribution.is_visible
                and registration.is_confirmed
                and registration.event.contributions_are_open(),
                "vote_error": error,
                "announce": True,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(f"{registration.get_absolute_url()}#contribution-{pk}")
