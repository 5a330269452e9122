"""Private files: stored outside the web root, with no public URL; views serve them after a permission check."""

import io

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
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


class OversizedUploadedFile(UploadedFile):
    """Stands for a file that was larger than MAX_UPLOAD_SIZE: its name and real size, none of its content. The
    services refuse it on its size with their usual French message; nothing of it was kept on disk or in memory."""

    def __init__(self, *, name: str, size: int, content_type: str | None, charset: str | None = None):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size, charset=charset)


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes each file's chunks to the next handlers (memory, then a temporary
    file) until the file passes MAX_UPLOAD_SIZE, then swallows the rest: a 2 GB upload never reaches /tmp. The
    parser still reads the request to its end, so the other fields of the form arrive and nothing typed is lost;
    the form receives an `OversizedUploadedFile` with the real size, and says the file is too big."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if self.too_big or start + len(raw_data) > settings.MAX_UPLOAD_SIZE:
            self.too_big = True
            return None  # the next handlers never see this chunk
        return raw_data

    def file_complete(self, file_size):
        if not self.too_big:
            return None  # the next handler hands over the real file
        return OversizedUploadedFile(
            name=self.file_name, size=file_size, content_type=self.content_type, charset=self.charset
        )
