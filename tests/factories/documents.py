"""Tiny real documents built in memory, as a browser would upload them, and files that only pretend to be."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x00\x00\x00\x00"
LEGACY_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

# Files that are not documents, whatever their name says.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><body><script>document.location='https://example.org'</script></body></html>"
BROKEN_ZIP = b"PK\x03\x04" + b"\x00" * 40


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png() -> bytes:
    """A valid 1×1 white PNG."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def zip_archive(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            # OpenDocument stores its "mimetype" entry first and uncompressed.
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx() -> bytes:
    return zip_archive(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Budget</w:t></w:r></w:p></w:body></w:document>',
        }
    )


def pptx() -> bytes:
    return zip_archive({"[Content_Types].xml": CONTENT_TYPES_XML, "ppt/presentation.xml": "<p:presentation/>"})


def odf(mimetype: str) -> bytes:
    return zip_archive({"mimetype": mimetype, "content.xml": "<office:document-content/>"})


def odt() -> bytes:
    return odf("application/vnd.oasis.opendocument.text")


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Budget prévisionnel"
    workbook.active["B1"] = 12000
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    return zip_archive({"lisezmoi.txt": "Rien à voir avec un document."})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
