"""Recognises uploaded documents by their content, never by their name."""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentType:
    content_type: str
    label: str
    extensions: tuple[str, ...]


PDF = DocumentType("application/pdf", _("document PDF"), ("pdf",))
PNG = DocumentType("image/png", _("image PNG"), ("png",))
JPEG = DocumentType("image/jpeg", _("image JPEG"), ("jpg", "jpeg"))
WEBP = DocumentType("image/webp", _("image WebP"), ("webp",))
DOCX = DocumentType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _("document Word"), ("docx",)
)
XLSX = DocumentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _("tableur Excel"), ("xlsx",))
PPTX = DocumentType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", _("présentation PowerPoint"), ("pptx",)
)
ODT = DocumentType("application/vnd.oasis.opendocument.text", _("document OpenDocument"), ("odt",))
ODS = DocumentType("application/vnd.oasis.opendocument.spreadsheet", _("tableur OpenDocument"), ("ods",))
ODP = DocumentType("application/vnd.oasis.opendocument.presentation", _("présentation OpenDocument"), ("odp",))
# Legacy Office files share one container format; the name tells Word from Excel once the content is known.
LEGACY_OFFICE = DocumentType("application/vnd.ms-office", _("document Office"), ("doc", "xls", "ppt"))

ALLOWED_EXTENSIONS = sorted({ext for t in (PDF, PNG, JPEG, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, LEGACY_OFFICE)
                             for ext in t.extensions})

_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF_TYPES = {t.content_type: t for t in (ODT, ODS, ODP)}


def sniff_document_type(fileobj) -> DocumentType | None:
    """The type of an uploaded document read from its bytes, or None if it is not an accepted document."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return LEGACY_OFFICE
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip_document(fileobj)
    return None


def _sniff_zip_document(fileobj) -> DocumentType | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for prefix, doc_type in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return doc_type
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        fileobj.seek(0)
    return None


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
