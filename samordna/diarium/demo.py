"""The demo's diarium: a few matters with documents, registered through the services, relative to today.

`seed_diarium(forbund, today)` is called by the demo command inside its one action, after the import (the
exchange format does not carry matters yet). Among the documents: one public PDF, an internal Word file and
one SECRET text document holding a personnummer, which no public page may ever show.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.finance.models import AnnualReport, Budget
from samordna.insatser.models import Insats

from . import services
from .models import Classification, MatterDirection, MatterKind

# The personnummer in the demo's secret document (Skatteverket's test number).
SECRET_PERSONNUMMER = "19121212-1212"


def pdf_bytes(text: str) -> bytes:
    """A small valid one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").decode("ascii").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    """A minimal Word (docx) file with one paragraph."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>')
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:body><w:p><w:r><w:t>{escaped}</w:t></w:r></w:p></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def seed_diarium(forbund, today: datetime.date, *, user=None) -> list:
    """Register the demo's matters and documents of `forbund` for `today`; returns the matters."""
    day = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    insats = Insats.objects.filter(forbund=forbund).order_by("external_id").first()
    budget = Budget.objects.filter(forbund=forbund, year=today.year + 1).first() or \
        Budget.objects.filter(forbund=forbund).order_by("-year").first()
    report = AnnualReport.objects.filter(forbund=forbund, year=today.year - 2).first()
    matters = []

    def register(registered, title, kind, direction, counterpart="", **more):
        matter = services.register_matter(forbund, user=user, registered=registered, title=title, kind=kind,
                                          direction=direction, counterpart=counterpart, **more)
        matters.append(matter)
        return matter

    # Last year's matter about the annual report of the year before, made in March and closed since.
    made = datetime.date(today.year - 1, 3, 10)
    old = register(made, f"Årsredovisning {today.year - 2}", MatterKind.ANNUAL_REPORT, MatterDirection.DRAWN_UP,
                   annual_report=report)
    services.close_matter(old, user=user, day=made + datetime.timedelta(days=45))

    application = register(
        day(40), "Ansökan om medel för insatsen Steg till arbete", MatterKind.APPLICATION, MatterDirection.INCOMING,
        counterpart="Västerås stad, arbetsmarknadsförvaltningen" if "vastmanland" in forbund.slug else "Tierps kommun",
        insats=insats)
    services.add_document(
        forbund, user=user, upload=_upload("Ansokan Steg till arbete.pdf", pdf_bytes(
            "Ansokan om medel: Steg till arbete. Malgrupp, mal och budget per ar.")),
        title="Ansökan Steg till arbete", classification=Classification.PUBLIC, matter=application,
        registered=application.registered)

    plan = register(day(20), f"Verksamhetsplan och budget {today.year + 1}", MatterKind.BUDGET,
                    MatterDirection.DRAWN_UP, budget=budget)
    services.add_document(
        forbund, user=user, upload=_upload("Utkast verksamhetsplan.docx", docx_bytes(
            f"Utkast till verksamhetsplan och budget {today.year + 1}.")),
        title="Utkast till verksamhetsplan", classification=Classification.INTERNAL, matter=plan,
        registered=plan.registered)

    secret = register(day(10), "Begäran om stöd i enskilt ärende", MatterKind.OTHER, MatterDirection.INCOMING,
                      counterpart="Privatperson", secret=True, osl_ground="OSL 26 kap. 1 §")
    services.add_document(
        forbund, user=user, upload=_upload("Begaran.txt", (
            "Begäran om stöd\n\nSökande: Tolvan Tolvansson, personnummer "
            f"{SECRET_PERSONNUMMER}.\nUppgifterna omfattas av sekretess (OSL 26 kap. 1 §).\n").encode()),
        title="Begäran från sökande", classification=Classification.SECRET, osl_ground="OSL 26 kap. 1 §",
        matter=secret, registered=secret.registered)
    return matters
