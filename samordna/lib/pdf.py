"""PDF documents (protokoll, kallelse, letters) from Django templates, with WeasyPrint.

`render_pdf(template_name, context, title=..., lang="sv", created=day)` renders the template in the
document's language and returns a **tagged PDF/A-3a**: the structure tree (headings, paragraphs, tables,
lists) is in the file for screen readers, the document language and title are in its metadata, every font
is embedded (DejaVu from the Debian package `fonts-dejavu-core`, through `@font-face` in the print
stylesheet `pdf/base.html`), and the sRGB output intent PDF/A asks for is included.

The output is deterministic: the same template and context give the same bytes (so the same SHA-256).
WeasyPrint writes no clock time when the creation and modification dates are given, which is why
`created` is required: pass a date from the data (a protokoll uses its meeting's date), never today.
`html_source` gives the HTML the PDF is made from; a hash of it tells cheaply whether a stored PDF is still
what the data would give (samordna/protokoll/services.py uses it).

The system libraries WeasyPrint needs (Pango, HarfBuzz, fonts) are installed by scripts/system-deps.sh.
"""

from __future__ import annotations

import datetime
import hashlib

from django.template.loader import render_to_string
from django.utils import translation

PDF_VARIANT = "pdf/a-3a"  # PDF/A-3, level A (accessible): tagged, Unicode text
FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def _stamp(created: datetime.date | datetime.datetime) -> str:
    if isinstance(created, datetime.datetime):
        created = created.astimezone(datetime.UTC).replace(tzinfo=None)
        return created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{created.isoformat()}T00:00:00Z"


def html_source(template_name: str, context: dict, *, title: str, lang: str = "sv",
                created: datetime.date | datetime.datetime, author: str = "") -> str:
    """The HTML a PDF is made from: the template in `lang`, with the document's metadata in its head."""
    with translation.override(lang):
        return render_to_string(template_name, {
            **context, "pdf_title": title, "pdf_lang": lang, "pdf_author": author,
            "pdf_created": _stamp(created), "pdf_font_dir": FONT_DIR,
        })


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF/A of an HTML document (see the module docstring); deterministic for the same HTML."""
    import weasyprint  # imported here: the pages that make no PDF never load it (nor Pango)

    return weasyprint.HTML(string=html, base_url=f"file://{FONT_DIR}/").write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)


def render_pdf(template_name: str, context: dict, *, title: str, lang: str = "sv",
               created: datetime.date | datetime.datetime, author: str = "") -> bytes:
    """Render a template (extending `pdf/base.html`) to the bytes of a tagged PDF/A."""
    return pdf_from_html(html_source(template_name, context, title=title, lang=lang, created=created,
                                     author=author))


def sha256(data: bytes | str) -> str:
    """The hex SHA-256 of bytes (or of a text as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
