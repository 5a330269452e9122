"""Private files: stored outside the web root, with no public URL; views serve them after a permission check."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):  # pragma: no cover - a private file has no URL by design
        raise NotImplementedError("Private files are served by a permission-checked view.")


private_storage = PrivateStorage()


def private_file_response(file_field, *, filename: str, content_type: str) -> FileResponse:
    """Streams a private file as a download; the browser must not sniff or render it inline."""
    response = FileResponse(file_field.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
