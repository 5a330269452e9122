from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applications.models import Call

from .. import selectors, services
from ..forms import DecisionForm
from ..models import Decision
from .common import NotFoundOutsideQuerysetMixin
from .release import release_with_confirmation


@admin.register(Decision)
class DecisionAdmin(NotFoundOutsideQuerysetMixin, admin.ModelAdmin):
    form = DecisionForm
    list_display = ["application", "call", "outcome", "waitlist_rank", "released_at", "email_sent_at"]
    list_filter = ["outcome", ("released_at", admin.EmptyFieldListFilter), "application__call"]
    list_select_related = ["application__call"]
    search_fields = ["application__project_name"]
    autocomplete_fields = ["application"]
    show_full_result_count = False
    readonly_fields = ["decided_by", "decided_at", "released_at", "promoted_at", "email_sent_at"]
    actions = ["release_decisions"]

    def get_queryset(self, request):
        return selectors.restrict_to_assigned_files(
            super().get_queryset(request), user=request.user, application_path="application"
        )

    @admin.display(description=_("appel"), ordering="application__call")
    def call(self, obj):
        return obj.application.call

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["application", *self.readonly_fields]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_released:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_released:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        decision = services.decision_prepare(
            application=data.get("application") or obj.application,
            outcome=data["outcome"],
            by=request.user,
            reasons=data.get("reasons") or "",
            referral_partner=data.get("referral_partner") or "",
            waitlist_rank=data.get("waitlist_rank"),
        )
        obj.pk = decision.pk

    @admin.action(description=_("Publier les décisions préparées des appels sélectionnés"), permissions=["change"])
    def release_decisions(self, request, queryset):
        calls = Call.objects.filter(applications__decision__in=queryset).distinct().order_by("title", "pk")
        return release_with_confirmation(
            self,
            request,
            calls=calls,
            action="release_decisions",
            selected=list(queryset.values_list("pk", flat=True)),
        )
