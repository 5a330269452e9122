"""Staff pages of the reports, served inside the admin (see ReportAdmin.get_urls: the admin's login and staff
check come first). Each one checks its own permission too: a staff member without it gets a 404."""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from roubaix_incubator.core.files import private_file_response

from . import content as builders
from . import selectors
from .enums import DASHBOARD_PERMISSION

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, permission: str) -> None:
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm(permission)):
        raise Http404


@never_cache
def dashboard(request):
    """The live figures of the current call, the current cohort and the events (aggregate queries only)."""
    _require(request, DASHBOARD_PERMISSION)
    content = builders.dashboard()
    context = {
        **admin.site.each_context(request),
        "title": content.title,
        "content": content,
        "can_request_report": request.user.has_perm("reports.add_report"),
        "can_view_reports": request.user.has_perm("reports.view_report"),
    }
    return render(request, "reports/dashboard.html", context)


@never_cache
def report_page(request, pk: int):
    """The printable page of a built report, as it was when built."""
    report = selectors.report_get_ready_for_user(user=request.user, pk=pk)
    return render(request, "reports/report_page.html", {"report": report})


def report_download(request, pk: int):
    """The workbook (private_file_response: an attachment, never cached)."""
    report = selectors.report_get_ready_for_user(user=request.user, pk=pk)
    if not report.file:
        raise Http404
    return private_file_response(report.file, filename=report.download_name, content_type=XLSX)
