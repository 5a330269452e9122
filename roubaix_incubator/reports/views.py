"""Staff pages of the reports, served inside the admin (see ReportAdmin.get_urls: the admin's login and staff
check come first). Each one checks its own permission too: a staff member without it gets a 404."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from applications.enums import Track
from roubaix_incubator.core.files import private_file_response

from . import content as builders
from . import selectors
from .enums import DASHBOARD_PERMISSION

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, permission: str) -> None:
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm(permission)):
        raise Http404


class DashboardChoiceForm(forms.Form):
    """Which call and which cohort the dashboard shows (a GET form): any published call that has opened, of
    every track, and any cohort that has started. Their lists are read once by the view."""

    call = forms.TypedChoiceField(label=gettext_lazy("Appel à candidatures"), coerce=int, required=False)
    cohort = forms.TypedChoiceField(label=gettext_lazy("Promotion"), coerce=int, required=False)

    def __init__(self, data, *, calls, cohorts):
        super().__init__(data)
        tracks = dict(Track.choices)
        self.fields["call"].choices = [
            (call.pk, f"{call.title} ({tracks.get(call.track, call.track)})") for call in calls
        ]
        self.fields["cohort"].choices = [(cohort.pk, cohort.name) for cohort in cohorts]


def _chosen(request, form: DashboardChoiceForm, name: str, objects: list, message: str):
    """The object the GET parameter names, or the default (the first, latest) with a message when it names
    nothing the dashboard offers."""
    default = objects[0] if objects else None
    if not request.GET.get(name):
        return default
    if name in form.errors or form.cleaned_data.get(name) is None:
        messages.warning(request, message)
        return default
    return next(item for item in objects if item.pk == form.cleaned_data[name])


@never_cache
def dashboard(request):
    """The live figures of a call and a cohort (by default the current ones) and of the events (aggregate
    queries only)."""
    _require(request, DASHBOARD_PERMISSION)
    now = timezone.now()
    calls = selectors.dashboard_calls(now=now)
    cohorts = selectors.dashboard_cohorts(today=timezone.localdate(now))
    form = DashboardChoiceForm(request.GET, calls=calls, cohorts=cohorts)
    form.is_valid()
    call = _chosen(
        request, form, "call", calls, _("Cet appel n'existe pas ou n'a pas encore ouvert : voici l'appel en cours.")
    )
    cohort = _chosen(
        request,
        form,
        "cohort",
        cohorts,
        _("Cette promotion n'existe pas ou n'a pas encore commencé : voici la promotion en cours."),
    )
    shown = DashboardChoiceForm(
        {"call": call.pk if call else "", "cohort": cohort.pk if cohort else ""}, calls=calls, cohorts=cohorts
    )
    # The first call offered is the current one (`selectors.dashboard_calls`).
    content = builders.dashboard(now=now, call=call, cohort=cohort, call_is_current=call == (calls[0] if calls else None))
    context = {
        **admin.site.each_context(request),
        "title": content.title,
        "content": content,
        "choice_form": shown,
        "can_request_report": request.user.has_perm("reports.add_report"),
        "can_view_reports": request.user.has_perm("reports.view_report"),
    }
    return render(request, "reports/dashboard.html", context)


@never_cache
def report_page(request, pk: int):
    """The printable page of a built report, as it was when built."""
    report = selectors.report_get_ready_for_user(user=request.user, pk=pk)
    # The page speaks the report's language (its frozen content is in it), whoever opens it.
    with translation.override(report.language):
        return render(request, "reports/report_page.html", {"report": report})


def report_download(request, pk: int):
    """The workbook (private_file_response: an attachment, never cached)."""
    report = selectors.report_get_ready_for_user(user=request.user, pk=pk)
    if not report.file:
        raise Http404
    return private_file_response(report.file, filename=report.download_name, content_type=XLSX)
