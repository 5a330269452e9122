"""Pieces shared by the selection's admin pages."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404


def report_error(modeladmin, request, error: Exception) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        modeladmin.message_user(request, text, messages.ERROR)


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
