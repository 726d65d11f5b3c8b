"""The protokoll as a tagged PDF/A with embedded fonts, its text, and the same bytes for the same data."""

import hashlib
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from samordna.lib.pdf import render_pdf
from samordna.meetings.models import Meeting
from samordna.protokoll.render import protokoll_pdf
from tests.conftest import demo_text

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (scripts/system-deps.sh installs poppler-utils)")
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _fonts(reader):
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            found.append((str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    return found


@pytest.fixture
def voted(demo):
    return Meeting.objects.get(external_id="vv-m-2026-05-14")


def test_the_protokoll_is_a_tagged_pdf_a_with_its_language_title_and_fonts_embedded(voted):
    data = protokoll_pdf(voted)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp  # PDF/A-3a
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == "Protokoll från styrelsens sammanträde 14 maj " + str(voted.date.year)
    assert "/OutputIntents" in root
    fonts = _fonts(reader)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert any("Doc" in name for name, _e in fonts)  # the DejaVu @font-face, not a viewer's fallback


def test_its_text_holds_the_paragraphs_decisions_votes_and_the_reservation(voted):
    text = " ".join(_text(protokoll_pdf(voted)).split())
    for expected in ("§ 4 Ansökan om medel: Samverkan psykisk hälsa, förlängning", "§ 5 Svar på revisorernas",
                     demo_text("Styrelsen beviljar 900 000 kr för 2026 till förlängningen."), "Styrelsen antar svaret.",
                     "Beslutande", "Erik Sandberg, ordförande", "Övriga närvarande", "Karin Lindqvist, förbundschef",
                     "Justerare", "Justeringens tid och plats",
                     "Omröstningen utfaller med 5 ja-röster mot 1 nej-röster.",
                     "Gustav Lind reserverar sig mot beslutet. Förlängningen saknar förankring i Norbergs kommun."):
        assert expected in text, expected


def test_the_same_data_give_the_same_bytes_and_a_change_other_bytes(voted):
    first = hashlib.sha256(protokoll_pdf(voted)).hexdigest()
    assert hashlib.sha256(protokoll_pdf(voted)).hexdigest() == first
    from tests.conftest import unfrozen

    with unfrozen([voted]):
        voted.items.get(number=5).decision.__class__.objects.filter(item__meeting=voted, item__number=5).update(
            text="Styrelsen antar svaret med en ändring.")
    assert hashlib.sha256(protokoll_pdf(voted)).hexdigest() != first


def test_render_pdf_dates_the_document_from_the_data_not_the_clock(db):
    import datetime

    data = render_pdf("pdf/base.html", {}, title="Ett brev", created=datetime.date(2025, 3, 4))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata["/CreationDate"].startswith("D:20250304000000")
    assert reader.metadata["/ModDate"] == reader.metadata["/CreationDate"]
    assert render_pdf("pdf/base.html", {}, title="Ett brev", created=datetime.date(2025, 3, 4)) == data
