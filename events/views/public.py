"""Public pages: the agenda, an event, registering, the synthesis."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import selectors, services
from ..forms import AgendaFilterForm, RegistrationForm
from .common import add_validation_errors
from .throttle import registration_attempt_allowed


def _page_number(value: str) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def agenda(request):
    neighbourhoods = selectors.neighbourhoods_with_events(user=request.user)
    form = AgendaFilterForm(request.GET or None, neighbourhoods=neighbourhoods)
    kind, neighbourhood, invalid_filter = "", None, False
    if form.is_bound:
        invalid_filter = not form.is_valid()
        # What is valid still filters; what is not is said above the list (a stale link, a neighbourhood gone).
        kind, neighbourhood = form.cleaned_data.get("kind", ""), form.cleaned_data.get("neighbourhood")
    filters = {"user": request.user, "kind": kind, "neighbourhood": neighbourhood}
    past = selectors.events_past_page(**filters, page=_page_number(request.GET.get("passes", "")))
    query = request.GET.copy()
    query.pop("passes", None)
    return render(
        request,
        "events/agenda.html",
        {
            "form": form,
            "invalid_filter": invalid_filter,
            "upcoming": selectors.events_upcoming(**filters),
            "past": past.events,
            "past_page": past,
            "filters_query": query.urlencode(),
            "filtered": bool(kind or neighbourhood),
        },
    )


def event_detail(request, slug):
    event = selectors.event_get_visible(slug=slug, user=request.user)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "registration_is_open": event.registration_is_open(),
            "own_registration": selectors.registration_for_user(event=event, user=request.user),
        },
    )


def _event_open_to_registrant(request, slug):
    """The event, if this person may register for it. Someone not logged in may be a member of the event's cohort:
    they are sent to the login page, whether or not the event exists, so the answer tells nothing about cohort
    events; anyone else who may not register gets a 404."""
    try:
        event = selectors.event_get_visible(slug=slug, user=request.user)
    except Http404:
        if not request.user.is_authenticated:
            return None
        raise
    if not event.user_may_register:  # staff who see every cohort's events, without being a member
        raise Http404
    return event


TOO_MANY_REGISTRATIONS = _lazy(
    "Trop d'inscriptions sont parties de cette connexion en peu de temps. Vos réponses sont conservées : "
    "réessayez dans une heure, ou écrivez-nous et nous vous inscrirons."
)


def register(request, slug):
    event = _event_open_to_registrant(request, slug)
    if event is None:
        return redirect_to_login(request.get_full_path())
    own_registration = selectors.registration_for_user(event=event, user=request.user)
    if own_registration is not None:
        messages.info(request, _("Vous êtes déjà inscrit·e à cet événement : voici votre inscription."))
        return redirect(own_registration)
    initial = {}
    if request.user.is_authenticated:
        initial = {"full_name": request.user.full_name, "email": request.user.email}
    form = RegistrationForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and event.registration_is_open() and form.is_valid():
        if not registration_attempt_allowed(request, form.cleaned_data["email"]):
            # The form is shown again as typed: nothing is lost, the person may try later or write to us.
            form.add_error(None, TOO_MANY_REGISTRATIONS)
            return render(
                request,
                "events/register.html",
                {"event": event, "form": form, "registration_is_open": True},
                status=429,
            )
        try:
            registration = services.registration_create(
                event=event,
                email=form.cleaned_data["email"],
                consent=form.cleaned_data["consent"],
                user=request.user,
                **form.detail_values(),
            )
        except services.AlreadyRegistered as error:
            return render(request, "events/already_registered.html", {"event": event, "refusal": error}, status=409)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("events:confirmation", token=registration.token)
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "registration_is_open": event.registration_is_open()},
    )


def synthesis(request, slug):
    event = selectors.event_get_synthesis(slug=slug, user=request.user)
    contributions = list(selectors.contributions_ranked(event=event))
    return render(
        request,
        "events/synthesis.html",
        {
            "event": event,
            "attendance": selectors.event_attendance(event=event),
            "contributions": contributions,
            "kept": [contribution for contribution in contributions if contribution.kept_by_staff],
        },
    )
