"""The ranking of a call's files, as an admin page of the call and as XLSX / CSV exports.

Only users who may read every reviewer's scores (`cohorts.view_all_reviews`) see it: it pools everybody's
scores, and a jury member must make up their own mind first (403 for them, 404 for a call they cannot see)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from applications.enums import Status

from .. import exports, selectors
from ..enums import Outcome

# Column key → (heading, first direction when clicked): scores read best first, names A to Z.
COLUMNS = [
    ("rank", _("Rang"), ""),
    ("name", _("Projet"), ""),
    (None, _("Statut"), ""),
    (None, _("Décision préparée"), ""),
    ("reviews", _("Évaluations"), "-"),
    ("weighted", _("Note pondérée (0 à 4)"), "-"),
    ("spread", _("Écart entre évaluateurs"), "-"),
    ("normalised", _("Note normalisée"), "-"),
    (None, _("Points d'attention"), ""),
]

EXPORTS = {
    "xlsx": (exports.ranking_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (exports.ranking_csv, "text/csv; charset=utf-8"),
}


def _headers(order: str) -> list[dict]:
    current_key, descending = order.lstrip("-"), order.startswith("-")
    headers = []
    for key, label, first_direction in COLUMNS:
        header = {"label": label, "key": key, "sorted": "", "url": None}
        if key is not None:
            if key == current_key:
                header["sorted"] = "descending" if descending else "ascending"
                header["url"] = f"?o={'' if descending else '-'}{key}"
            else:
                header["url"] = f"?o={first_direction}{key}"
        headers.append(header)
    return headers


def _notes(row: selectors.RankingRow) -> list[str]:
    notes = []
    if row.single_review:
        notes.append(str(_("Une seule évaluation : la note repose sur un avis.")))
    if row.lone_reviewers:
        notes.append(
            str(
                _(
                    "%(count)d évaluateur·rice(s) n'a noté que ce dossier : sa note normalisée vaut 0 et ne dit "
                    "rien de son avis."
                )
                % {"count": row.lone_reviewers}
            )
        )
    return notes



def ranking_file_response(*, call, file_format: str) -> HttpResponse:
    """The ranking of a call as a downloaded file (`file_format` one of EXPORTS), from its page or a list action."""
    build, content_type = EXPORTS[file_format]
    response = HttpResponse(build(call=call), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="classement-{call.slug}.{file_format}"'
    return response

class CallRankingMixin:
    """Adds the ranking page and its exports to the call's admin."""

    @staticmethod
    def can_see_ranking(request) -> bool:
        # The ranking pools every reviewer's scores: a jury member must not read it before scoring.
        return request.user.has_perm("cohorts.view_all_reviews")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/classement/",
                self.admin_site.admin_view(self.ranking_view),
                name="{}_{}_ranking".format(*info),
            ),
            path(
                "<path:object_id>/classement/export.<str:file_format>",
                self.admin_site.admin_view(self.ranking_export_view),
                name="{}_{}_ranking_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def _ranking_call(self, request, object_id):
        if not (self.has_view_permission(request) and self.can_see_ranking(request)):
            raise PermissionDenied
        call = self.get_object(request, unquote(object_id))
        if call is None:
            raise Http404
        return call

    def ranking_view(self, request, object_id):
        call = self._ranking_call(request, object_id)
        order = selectors.ranking_order_param(request.GET.get("o"))
        rows = selectors.ranking_sorted(selectors.call_ranking(call=call), order=order)
        lines = [
            {
                "row": row,
                "url": reverse("admin:applications_application_change", args=[row.application_id]),
                "status": Status(row.status).label,
                "outcome": Outcome(row.decision_outcome).label if row.decision_outcome else "",
                "notes": _notes(row),
            }
            for row in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Classement — %(call)s") % {"call": call.title},
            "opts": self.opts,
            "original": call,
            "call": call,
            "lines": lines,
            "headers": _headers(order),
            "order": order,
            "export_urls": {
                file_format: reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_ranking_export", args=[call.pk, file_format]
                )
                for file_format in EXPORTS
            },
        }
        return TemplateResponse(request, "admin/cohorts/call_ranking.html", context)

    def ranking_export_view(self, request, object_id, file_format):
        if file_format not in EXPORTS:
            raise Http404
        return ranking_file_response(call=self._ranking_call(request, object_id), file_format=file_format)
