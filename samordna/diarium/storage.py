"""The private storage of documents, and what a file is by its content.

The files lie in `settings.DOCUMENTS_ROOT` (default `var/documents/`, env `SAMORDNA_DOCUMENTS_DIR`), never
under the static files and with no URL of their own: the only way to a file is the download view, which
checks the reader's access first. The setting is read on every use, so a test may point it elsewhere.

The type of an upload is judged by its content (magic bytes, the `filetype` package), never by its name or
the browser's Content-Type; the stored content type is the one sniffed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="samordna.diarium.storage.DocumentStorage")
class DocumentStorage(FileSystemStorage):
    """FileSystemStorage in settings.DOCUMENTS_ROOT (read each time), without URLs."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(settings.DOCUMENTS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Documents have no URL: serve them through the access-checked download view.")


_STORAGE = DocumentStorage()


def document_storage() -> DocumentStorage:
    return _STORAGE


# The allowed types: sniffed MIME type -> a short name shown to users.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (xlsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint (pptx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument text (odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument kalkyl (ods)",
    "application/msword": "Word (doc)",
    "application/vnd.ms-excel": "Excel (xls)",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "text/plain": "text",
}
TEXT = "text/plain"
SNIFF_BYTES = 8192


def _is_text(head: bytes) -> bool:
    """Plain text: UTF-8 without control characters other than tab, line breaks and form feed."""
    if not head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sniffed bytes is still text.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    return all(ch >= " " or ch in "\t\n\r\f" for ch in text)


def sniff(head: bytes) -> str | None:
    """The allowed MIME type of a file that starts with `head`, or None when it is none of them."""
    import filetype

    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    return TEXT if _is_text(head) else None


@dataclass(frozen=True)
class Inspected:
    content_type: str
    size: int
    sha256: str


def inspect(upload) -> Inspected | None:
    """Sniff, measure and hash an uploaded file (read in chunks); None when its type is not allowed."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    content_type = sniff(head)
    if content_type is None:
        return None
    upload.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return Inspected(content_type, size, digest.hexdigest())
