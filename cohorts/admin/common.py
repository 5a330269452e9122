"""Pieces shared by the selection's admin pages."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse


def report_error(modeladmin, request, error: Exception) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        modeladmin.message_user(request, text, messages.ERROR)


def is_applying(request) -> bool:
    """True when the intermediate page of an action was sent back (its hidden `apply` field)."""
    return request.method == "POST" and "apply" in request.POST


def action_form_page(
    modeladmin,
    request,
    *,
    action: str,
    title,
    form,
    submit_label,
    selected=(),
    items=(),
    intro=(),
    warnings=(),
) -> TemplateResponse:
    """The intermediate page of an admin action: the rows it touches (`items`, their pks in `selected`),
    what to check first (`warnings`) and the form it needs; sent back to the same action with `apply`."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "submit_label": submit_label,
        "action": action,
        "selected": list(selected),
        "items": list(items),
        "intro": list(intro),
        "warnings": list(warnings),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/cohorts/action_form.html", context)


class NotFoundOutsideQuerysetMixin:
    """An object outside the user's queryset answers 404, as on the public site, instead of the admin's
    redirect to its index."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
