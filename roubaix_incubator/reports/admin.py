from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.models import Call
from cohorts.models import Cohort

from . import selectors, services, views
from .enums import DASHBOARD_PERMISSION, HOLDER_PROFILE_PERMISSION, ReportKind, ReportStatus
from .models import Report


class ReportRequestForm(forms.ModelForm):
    """Staff choose a kind of report and what it covers; the service checks the parameters and queues the build."""

    call = forms.ModelChoiceField(
        Call.objects.order_by("-opens_at"),
        required=False,
        label=_("Appel à candidatures"),
        help_text=_("Rapport de programme et rapport pour les financeurs."),
    )
    cohort = forms.ModelChoiceField(
        Cohort.objects.order_by("-starts_on"),
        required=False,
        label=_("Promotion"),
        help_text=_("Rapport de promotion."),
    )
    start = forms.DateField(
        required=False,
        label=_("Début de la période"),
        widget=AdminDateWidget,
        help_text=_("Rapport des événements : premier jour inclus."),
    )
    end = forms.DateField(
        required=False,
        label=_("Fin de la période"),
        widget=AdminDateWidget,
        help_text=_("Rapport des événements : dernier jour inclus."),
    )

    user = None  # set by ReportAdmin.get_form

    class Meta:
        model = Report
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not self.user.has_perm(HOLDER_PROFILE_PERMISSION):
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] != ReportKind.FUNDERS
            ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        raw = {
            "call_id": cleaned["call"].pk if cleaned.get("call") else None,
            "cohort_id": cleaned["cohort"].pk if cleaned.get("cohort") else None,
            "start": cleaned["start"].isoformat() if cleaned.get("start") else "",
            "end": cleaned["end"].isoformat() if cleaned.get("end") else "",
        }
        try:
            self.report_parameters = services.report_parameters_clean(kind=kind, parameters=raw, user=self.user)
        except PermissionDenied as error:
            self.add_error("kind", str(error))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "requested_by", "requested_at", "built_at", "attempts", "links"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    list_select_related = ["requested_by"]
    date_hierarchy = "requested_at"
    actions = ["retry"]
    readonly_fields = [
        "kind",
        "parameters_display",
        "status",
        "error",
        "links",
        "title",
        "requested_by",
        "requested_at",
        "started_at",
        "built_at",
        "attempts",
    ]
    change_list_template = "admin/reports/report/change_list.html"

    def get_queryset(self, request):
        # The printable page can weigh hundreds of kilobytes: the list and the detail never show it.
        return selectors.reports_visible_to(user=request.user).defer("html")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "call", "cohort", "start", "end"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportRequestForm
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return False  # a report is a snapshot: it is requested, built, retried — never edited

    def save_model(self, request, obj, form, change):
        report = services.report_request(
            kind=form.cleaned_data["kind"], parameters=form.report_parameters, requested_by=request.user
        )
        obj.pk, obj.parameters, obj.requested_at = report.pk, report.parameters, report.requested_at
        obj._state.adding = False
        messages.info(request, _("La construction du rapport est lancée : vous recevrez un e-mail quand il sera prêt."))

    def delete_model(self, request, obj):
        services.report_delete(report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            services.report_delete(report=report)

    @admin.display(description=_("paramètres"))
    def parameters_display(self, obj):
        return services.report_parameters_label(obj) or "—"

    @admin.display(description=_("rapport"))
    def links(self, obj):
        if obj.status != ReportStatus.READY:
            return obj.error[:120] if obj.status == ReportStatus.FAILED else "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:reports_report_page", kwargs={"pk": obj.pk}),
            _("page imprimable"),
            reverse("admin:reports_report_download", kwargs={"pk": obj.pk}),
            _("classeur XLSX"),
        )

    @admin.action(description=_("Relancer la construction des rapports en échec"), permissions=["add"])
    def retry(self, request, queryset):
        retried = sum(services.report_retry(report=report) for report in queryset)
        if retried:
            self.message_user(
                request,
                ngettext("%(count)d rapport relancé.", "%(count)d rapports relancés.", retried) % {"count": retried},
                messages.SUCCESS,
            )
        if retried < len(queryset):
            self.message_user(
                request,
                _("Seuls les rapports en échec, ou en construction depuis plus de 30 minutes, peuvent être relancés."),
                messages.WARNING,
            )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_view_dashboard": request.user.has_perm(DASHBOARD_PERMISSION)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("tableau-de-bord/", wrap(views.dashboard), name="reports_dashboard"),
            path("<int:pk>/page/", wrap(views.report_page), name="reports_report_page"),
            path("<int:pk>/telecharger/", wrap(views.report_download), name="reports_report_download"),
            *super().get_urls(),
        ]
