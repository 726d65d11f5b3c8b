"""Helpers of the diarium tests: files of each kind, made here."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.diarium.demo import docx_bytes, pdf_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" \
      + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
# A Word 97–2003 file's start: the OLE compound file signature, and the Word FIB magic at 512.
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 200


def zip_bytes(entries, first=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, as ODF wants its mimetype
        for name, text in entries:
            archive.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


ODT = zip_bytes([("content.xml", "<x/>")], first=("mimetype", "application/vnd.oasis.opendocument.text"))
XLSX = zip_bytes([("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<r/>"), ("xl/workbook.xml", "<w/>")])
PLAIN_ZIP = zip_bytes([("notes.txt", "hej")])
PDF = pdf_bytes("Testhandling")
DOCX = docx_bytes("Testhandling")


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def documents_dir(settings, tmp_path):
    """A directory of this test for the files it stores."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_ROOT
