from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorts.enums import MembershipStatus
from cohorts.models import Cohort
from roubaix_incubator.core.forms import add_validation_errors

from . import selectors, services
from .enums import MatchStatus
from .forms import (
    ConflictForm,
    FeedbackForm,
    InviteForm,
    MentorApplicationForm,
    MentorSelfProfileForm,
    ProjectProfileForm,
    SessionEditForm,
    SessionForm,
)
from .models import Mentor
from .signals import remember_mentor


def mentor_required(view):
    """The mentor portal: signed-in users with a mentor profile; anyone else signed in gets a 404."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        mentor = selectors.mentor_get_for_user(user=request.user)
        return never_cache(view)(request, mentor, *args, **kwargs)

    return wrapper


def staff_required(permission: str):
    """Staff pages on the public site: staff with `permission`. Anonymous visitors go to the login page; anyone
    else gets a 404, which does not confirm the page exists."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.is_staff and request.user.has_perm(permission)):
                raise Http404
            return never_cache(view)(request, *args, **kwargs)

        return wrapper

    return decorator


# Becoming a mentor


def become_mentor(request):
    """Explains mentoring to everyone; a signed-in visitor gets the form, which creates a profile to approve."""
    mentor = Mentor.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    form = None
    if request.user.is_authenticated and mentor is None:
        form = MentorApplicationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.mentor_apply(
                    user=request.user,
                    accept_charter=form.cleaned_data["accept_charter"],
                    neighbourhoods=form.cleaned_data["neighbourhoods"],
                    **form.profile_values(),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                remember_mentor(request, is_mentor=True)
                messages.success(
                    request,
                    _("Merci ! Votre proposition est enregistrée. L'équipe du programme vous recontacte très vite."),
                )
                return redirect("mentors:portal")
    return render(request, "mentors/become_mentor.html", {"form": form, "mentor": mentor})


# The mentor portal


@mentor_required
def portal(request, mentor):
    matches = list(selectors.matches_for_mentor(mentor=mentor))
    return render(
        request,
        "mentors/portal.html",
        {
            "mentor": mentor,
            "running": [m for m in matches if m.status == MatchStatus.ACTIVE],
            "ended": [m for m in matches if m.status == MatchStatus.ENDED],
        },
    )


@mentor_required
def profile(request, mentor):
    form = MentorSelfProfileForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        services.mentor_update_profile(
            mentor=mentor, fields=form.profile_values(), neighbourhoods=form.cleaned_data["neighbourhoods"]
        )
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("mentors:portal")
    return render(request, "mentors/profile.html", {"mentor": mentor, "form": form})


@mentor_required
@require_POST
def sign_charter(request, mentor):
    if request.POST.get("accept_charter") != "on":
        messages.error(request, _("Cochez la case pour accepter la charte."))
        return redirect("mentors:charter")
    services.mentor_sign_charter(mentor=mentor)
    messages.success(request, _("Merci, la charte est signée."))
    return redirect("mentors:portal")


@mentor_required
def charter(request, mentor):
    return render(request, "mentors/charter.html", {"mentor": mentor})


@mentor_required
def project(request, mentor, membership_pk):
    match = selectors.match_get_for_mentor(mentor=mentor, membership_pk=membership_pk)
    return render(
        request,
        "mentors/project.html",
        {"mentor": mentor, "match": match, "project": match.membership.application, "sessions": match.sessions.all()},
    )


@mentor_required
def session_new(request, mentor, membership_pk):
    match = selectors.match_get_for_mentor(mentor=mentor, membership_pk=membership_pk)
    if match.status != MatchStatus.ACTIVE:
        messages.info(request, _("Cet accompagnement est terminé : vous ne pouvez plus y ajouter de séance."))
        return redirect("mentors:project", membership_pk=membership_pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _session, created = services.session_log(match=match, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            if created:
                messages.success(request, _("La séance est enregistrée."))
            else:
                messages.info(request, _("Cette séance était déjà enregistrée : elle n'a pas été ajoutée deux fois."))
            return redirect("mentors:project", membership_pk=membership_pk)
    return render(
        request,
        "mentors/session_form.html",
        {"mentor": mentor, "match": match, "project": match.membership.application, "form": form},
    )


def _session_edit_closed(request, error: ValidationError, *, membership_pk: int):
    messages.info(request, error.message)
    return redirect("mentors:project", membership_pk=membership_pk)


@mentor_required
def session_edit(request, mentor, membership_pk, pk):
    session = selectors.session_get_for_mentor(mentor=mentor, membership_pk=membership_pk, pk=pk)
    if request.method != "POST" and not session.is_editable:
        # No form that could not be saved. A form sent after the window closed is refused by the service.
        return _session_edit_closed(request, services.SessionEditClosed(), membership_pk=membership_pk)
    initial = {name: getattr(session, name) for name in services.sessions.EDITABLE_FIELDS}
    form = SessionEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **form.cleaned_data)
        except services.SessionEditClosed as error:
            return _session_edit_closed(request, error, membership_pk=membership_pk)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("La séance est corrigée."))
            return redirect("mentors:project", membership_pk=membership_pk)
    return render(
        request,
        "mentors/session_form.html",
        {
            "mentor": mentor,
            "match": session.match,
            "project": session.match.membership.application,
            "form": form,
            "session": session,
        },
    )


@mentor_required
def session_list(request, mentor):
    return render(
        request,
        "mentors/session_list.html",
        {"mentor": mentor, "sessions": selectors.sessions_for_mentor(mentor=mentor)},
    )


@mentor_required
def conflict_new(request, mentor):
    """A mentor declares a conflict of interest: never proposed to that project, and a pending proposal is set
    aside at once. Approved mentors only: the list names every running project, which a proposal still waiting
    (or declined) must not see."""
    if not mentor.approved:
        raise Http404
    form = ConflictForm(request.POST or None, memberships=selectors.memberships_open_to_conflict(mentor=mentor))
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(
                mentor=mentor,
                membership=form.cleaned_data["membership"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("Merci, votre déclaration est enregistrée : ce projet ne vous sera pas proposé."),
            )
            return redirect("mentors:conflicts")
    return render(
        request,
        "mentors/conflicts.html",
        {"mentor": mentor, "form": form, "conflicts": selectors.conflicts_for_mentor(mentor=mentor)},
    )


# The project holder


@login_required
def holder_home(request):
    memberships = list(selectors.memberships_for_holder(user=request.user))
    if len(memberships) == 1:
        return redirect("mentors:holder_project", membership_pk=memberships[0].pk)
    return render(request, "mentors/holder_home.html", {"memberships": memberships})


@login_required
def holder_project(request, membership_pk):
    membership = selectors.membership_get_for_holder(user=request.user, pk=membership_pk)
    return render(
        request,
        "mentors/holder_project.html",
        {
            "membership": membership,
            "project": membership.application,
            "sessions": selectors.sessions_for_holder(membership=membership),
        },
    )


@login_required
def feedback(request, membership_pk, pk):
    session = selectors.session_get_for_holder(user=request.user, membership_pk=membership_pk, pk=pk)
    initial = {"usefulness": session.holder_feedback_usefulness, "comment": session.holder_feedback_comment}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_give_feedback(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect("mentors:holder_project", membership_pk=membership_pk)
    return render(
        request, "mentors/feedback_form.html", {"session": session, "form": form, "membership_pk": membership_pk}
    )


# Staff


@staff_required("mentors.view_match")
def staff_index(request):
    return render(
        request,
        "mentors/staff/index.html",
        {
            "cohorts": selectors.cohorts_for_staff(),
            "can_invite": request.user.has_perm("mentors.add_mentor"),
            "can_match": request.user.has_perm("mentors.change_match"),
        },
    )


@staff_required("mentors.add_mentor")
def staff_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.mentor_invite(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s est invité·e : un e-mail lui permet de choisir son mot de passe.") % {"name": mentor.user},
            )
            return redirect("mentors:staff_index")
    return render(request, "mentors/staff/invite.html", {"form": form})


@staff_required("mentors.change_match")
def staff_matching(request, pk):
    """The matching runs from the admin; this address, linked from the staff pages, leads there."""
    return redirect("admin:mentors_match_matching", pk=pk)


def _project_profile_forms(memberships, data=None) -> list[ProjectProfileForm]:
    forms = []
    for membership in memberships:
        initial, membership.is_suggestion = selectors.project_profile_initial(membership=membership)
        forms.append(ProjectProfileForm(data, membership=membership, initial=initial, prefix=f"projet-{membership.pk}"))
    return forms


@staff_required("mentors.change_match")
def staff_project_profiles(request, pk):
    """Sectors and working languages of every project of the cohort, in one form, before the matching runs.
    Projects without a profile yet show what their application suggests; saving confirms it."""
    cohort = get_object_or_404(Cohort, pk=pk)
    memberships = list(selectors.cohort_project_profiles(cohort=cohort))
    forms = _project_profile_forms(memberships, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            try:
                changed = services.project_profiles_save(
                    cohort=cohort, profiles={form.membership.pk: form.cleaned_data for form in forms}
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Secteurs et langues enregistrés (%(count)d projet(s) modifié(s)).") % {"count": changed}
                )
                return redirect("admin:mentors_match_matching", pk=cohort.pk)
        else:
            messages.error(
                request, _("Quelque chose ne va pas : corrigez les projets signalés, vos choix sont conservés.")
            )
    return render(request, "mentors/staff/project_profiles.html", {"cohort": cohort, "forms": forms})


@staff_required("mentors.view_mentoringsession")
def staff_follow_up(request, pk):
    cohort = get_object_or_404(Cohort, pk=pk)
    projects = list(selectors.cohort_project_follow_up(cohort=cohort))
    return render(
        request,
        "mentors/staff/follow_up.html",
        {
            "cohort": cohort,
            "projects": projects,
            "quiet_projects": [p for p in projects if p.is_quiet and p.status == MembershipStatus.ACTIVE],
            "mentors": selectors.cohort_mentor_follow_up(cohort=cohort),
            "feedback": selectors.cohort_feedback(cohort=cohort),
            "totals": selectors.cohort_totals(cohort=cohort),
        },
    )
