import io

import pytest

from roubaix_incubator.core import filetypes
from roubaix_incubator.core.filetypes import extension_of, sniff_document_type
from tests.factories import documents


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (documents.PDF, filetypes.PDF),
        (documents.png(), filetypes.PNG),
        (documents.JPEG, filetypes.JPEG),
        (documents.WEBP, filetypes.WEBP),
        (documents.LEGACY_OFFICE, filetypes.LEGACY_OFFICE),
        (documents.docx(), filetypes.DOCX),
        (documents.xlsx(), filetypes.XLSX),
        (documents.pptx(), filetypes.PPTX),
        (documents.odt(), filetypes.ODT),
        (documents.odf("application/vnd.oasis.opendocument.spreadsheet"), filetypes.ODS),
        (documents.odf("application/vnd.oasis.opendocument.presentation"), filetypes.ODP),
    ],
    ids=["pdf", "png", "jpeg", "webp", "legacy-office", "docx", "xlsx", "pptx", "odt", "ods", "odp"],
)
def test_sniff_document_type_recognises_real_documents(content, expected):
    fileobj = io.BytesIO(content)

    assert sniff_document_type(fileobj) == expected
    assert fileobj.tell() == 0  # the upload is saved from its first byte afterwards


@pytest.mark.parametrize(
    "content",
    [
        documents.ELF,
        documents.EXE,
        documents.HTML,
        documents.plain_zip(),
        documents.BROKEN_ZIP,
        documents.zip_archive({"[Content_Types].xml": documents.CONTENT_TYPES_XML, "autre/partie.xml": "<x/>"}),
        documents.odf("application/x-shellscript"),
        b"",
        b"Juste du texte, pas un document.",
    ],
    ids=[
        "elf",
        "exe",
        "html",
        "plain-zip",
        "broken-zip",
        "ooxml-unknown-part",
        "odf-unknown-mimetype",
        "empty",
        "text",
    ],
)
def test_sniff_document_type_garbage_is_none(content):
    fileobj = io.BytesIO(content)

    assert sniff_document_type(fileobj) is None
    assert fileobj.tell() == 0


def test_document_types_content_types():
    assert (filetypes.DOCX.content_type, filetypes.XLSX.content_type, filetypes.ODT.content_type) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
    )


def test_allowed_extensions():
    assert filetypes.ALLOWED_EXTENSIONS == [
        "doc",
        "docx",
        "jpeg",
        "jpg",
        "odp",
        "ods",
        "odt",
        "pdf",
        "png",
        "ppt",
        "pptx",
        "webp",
        "xls",
        "xlsx",
    ]


@pytest.mark.parametrize(
    ("filename", "extension"),
    [("Budget 2026.PDF", "pdf"), ("archive.tar.gz", "gz"), ("sans-extension", ""), (".docx", "docx")],
)
def test_extension_of(filename, extension):
    assert extension_of(filename) == extension
