"""Upload limits: a file over MAX_UPLOAD_SIZE stops being stored once it passes the limit (it never lands whole in
/tmp) and the form says it is too big, keeping the rest; too many files in one request get a French 400 page."""

import io

import pytest
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from applications.models import Attachment
from roubaix_incubator.core.files import OversizedUploadedFile, SizeLimitedUploadHandler
from tests.factories import documents as docs
from tests.factories.documents import upload
from tests.pages import form_values, messages_of, shows

pytestmark = pytest.mark.django_db


class CountingHandler(FileUploadHandler):
    """Stands after the size limit in the chain and counts the bytes that reach it."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def _parse(body: bytes, handlers):
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    return MultiPartParser(meta, io.BytesIO(body), handlers).parse()


def test_size_limited_handler_stops_passing_bytes_past_the_limit(settings, monkeypatch):
    settings.MAX_UPLOAD_SIZE = 256 * 1024
    monkeypatch.setattr(CountingHandler, "received", 0)
    content = docs.PDF + b"0" * (2 * 1024 * 1024)
    body = encode_multipart(BOUNDARY, {"kind": "budget", "file": upload("budget.pdf", content), "after": "gardé"})

    post, files = _parse(body, [SizeLimitedUploadHandler(), CountingHandler(), TemporaryFileUploadHandler()])

    oversized = files["file"]
    assert isinstance(oversized, OversizedUploadedFile)
    assert (oversized.name, oversized.size) == ("budget.pdf", len(content))
    assert oversized.read() == b""
    # Chunks of 64 KiB: what reached the next handlers stops at the limit.
    assert CountingHandler.received <= settings.MAX_UPLOAD_SIZE
    assert (post["kind"], post["after"]) == ("budget", "gardé")


def test_size_limited_handler_hands_small_files_over_untouched(settings):
    settings.MAX_UPLOAD_SIZE = 256 * 1024
    body = encode_multipart(BOUNDARY, {"file": upload("budget.pdf", docs.PDF)})

    _post, files = _parse(body, [SizeLimitedUploadHandler(), TemporaryFileUploadHandler()])

    assert not isinstance(files["file"], OversizedUploadedFile)
    assert files["file"].read() == docs.PDF


def test_documents_oversized_upload_says_too_big_and_keeps_the_choice(client, applicant, draft, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    content = docs.PDF + b"0" * (3 * 1024 * 1024 - len(docs.PDF))  # 3 MB
    client.force_login(applicant)

    response = client.post(
        f"/candidatures/{draft.pk}/documents/", {"kind": "statutes", "file": upload("statuts.pdf", content)}
    )

    assert response.status_code == 200
    assert isinstance(response.wsgi_request.FILES["file"], OversizedUploadedFile)
    assert response.context["form"].non_field_errors() == [
        "Le fichier « statuts.pdf » est trop lourd (3,0 Mo). La taille maximale est de 1,0 Mo."
    ]
    assert form_values(response)["kind"] == ["statutes"]
    assert Attachment.objects.count() == 0


def test_documents_too_many_files_get_french_400(client, applicant, draft, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    client.force_login(applicant)
    files = {f"file{n}": upload(f"doc{n}.pdf", docs.PDF) for n in range(6)}

    response = client.post(f"/candidatures/{draft.pk}/documents/", {"kind": "budget", **files})

    assert response.status_code == 400
    assert shows(response, "Demande incorrecte")
    assert shows(response, "ajoutez-les un par un (5 fichiers au plus par envoi, 10 Mo chacun)")
    assert "Bad Request" not in response.content.decode()
    assert messages_of(response) == []
    assert Attachment.objects.count() == 0
