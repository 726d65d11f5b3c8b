"""The diarium's pages and the download of a document, per role: who sees what (the access matrix), headers,
another förbund's matter or document a 404, and the office's forms with their Swedish errors."""

import pytest
from django.urls import reverse

from samordna.diarium.access import document_visible, public_entries, visible_documents
from samordna.diarium.demo import SECRET_PERSONNUMMER
from samordna.diarium.models import Document, Matter
from tests.conftest import TODAY

from .conftest import EXE, PDF, upload

OWN, OTHER = "sf-vastra-vastmanland", "sf-uppsala-norra"
PUBLIC, INTERNAL, SECRET = "Ansökan Steg till arbete", "Utkast till verksamhetsplan", "Begäran från sökande"


def doc(slug, title):
    return Document.objects.select_related("matter").get(forbund__slug=slug, title=title)


def download(slug, document):
    return reverse("document-download", args=[slug, document.pk])


# (persona, document) -> status. Secret: never national or member; internal: roles with VIEW_INTERNAL.
MATRIX = {
    "anonymous": {PUBLIC: 200, INTERNAL: 404, SECRET: 404},
    "outsider": {PUBLIC: 200, INTERNAL: 404, SECRET: 404},
    "member": {PUBLIC: 200, INTERNAL: 404, SECRET: 404},
    "national": {PUBLIC: 200, INTERNAL: 200, SECRET: 404},
    "board": {PUBLIC: 200, INTERNAL: 200, SECRET: 200},
    "auditor": {PUBLIC: 200, INTERNAL: 200, SECRET: 200},
    "office": {PUBLIC: 200, INTERNAL: 200, SECRET: 200},
    "admin": {PUBLIC: 200, INTERNAL: 200, SECRET: 200},
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_the_download_follows_the_classification(persona_client, persona):
    client = persona_client(persona)
    for title, status in MATRIX[persona].items():
        document = doc(OWN, title)
        response = client.get(download(OWN, document))
        assert response.status_code == status, (persona, title)
        if status == 200:
            body = b"".join(response.streaming_content)
            assert response["Content-Type"].startswith(document.content_type)
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("attachment")
            assert len(body) == document.size


def test_headers_name_the_original_file_and_inline_is_a_choice(persona_client):
    client = persona_client("anonymous")
    document = doc(OWN, PUBLIC)
    response = client.get(download(OWN, document) + "?inline=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline") and "Ansokan Steg till arbete.pdf" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_forbunds_document_is_not_found_under_this_one(persona_client):
    client = persona_client("office")
    theirs = doc(OTHER, INTERNAL)
    assert client.get(download(OWN, theirs)).status_code == 404  # their document under our slug
    assert client.get(download(OTHER, theirs)).status_code == 404  # no access to their förbund
    matter = Matter.objects.get(forbund__slug=OTHER, secret=False, title__startswith="Ansökan")
    assert client.get(reverse("matter-detail", args=[OWN, matter.pk])).status_code == 404
    assert client.get(reverse("matter-edit", args=[OWN, matter.pk])).status_code == 404


def test_the_access_functions_agree_with_the_queryset_helper(demo):
    documents = list(Document.objects.filter(forbund__slug=OWN).select_related("matter"))
    for role in [None, "member", "national", "board", "auditor", "office", "admin"]:
        expected = {d.pk for d in documents if document_visible(d, role)}
        got = set(visible_documents(Document.objects.filter(forbund__slug=OWN), role).values_list("pk", flat=True))
        assert got == expected, role
    assert {d.title for d in documents if document_visible(d, None)} == {PUBLIC}


def test_the_public_entries_show_a_secret_matter_by_date_and_dnr_only(demo, django_assert_num_queries):
    with django_assert_num_queries(2):
        entries = public_entries(demo[OWN])
    secret = [e for e in entries if e.secret]
    assert len(secret) == 1 and secret[0].dnr and secret[0].registered
    assert secret[0].title == "Uppgifterna omfattas av sekretess" and secret[0].counterpart == ""
    assert secret[0].documents == []
    shown = [d.title for e in entries for d in e.documents]
    assert shown == [PUBLIC]
    assert "Privatperson" not in repr(entries) and "Begäran" not in repr(entries)
    assert [e.year for e in public_entries(demo[OWN], year=TODAY.year)] == [TODAY.year] * len(
        [e for e in entries if e.year == TODAY.year])


@pytest.mark.parametrize("persona", ["member", "national"])
def test_member_and_national_see_a_secret_matter_masked(persona_client, persona):
    client = persona_client(persona)
    secret = Matter.objects.get(forbund__slug=OWN, secret=True)
    listing = client.get(reverse("forbund-diarium", args=[OWN]) + f"?ar={secret.year}").content.decode()
    assert secret.dnr in listing and secret.title not in listing and "Privatperson" not in listing
    page = client.get(reverse("matter-detail", args=[OWN, secret.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and secret.dnr in text
    assert secret.title not in text and SECRET not in text and SECRET_PERSONNUMMER not in text
    # Searching the title does not find it either.
    found = client.get(reverse("forbund-diarium", args=[OWN]), {"q": "Begäran"}).content.decode()
    assert secret.dnr not in found
    # The office's forms are not theirs.
    assert client.get(reverse("matter-new", args=[OWN])).status_code == 403


@pytest.mark.parametrize("persona", ["board", "auditor", "office"])
def test_board_auditor_and_office_read_the_secret_matter(persona_client, persona):
    client = persona_client(persona)
    secret = Matter.objects.get(forbund__slug=OWN, secret=True)
    text = client.get(reverse("matter-detail", args=[OWN, secret.pk])).content.decode()
    assert secret.title in text and SECRET in text and "OSL 26 kap. 1 §" in text
    assert ("Lägg till handling" in text) == (persona == "office")


def test_the_list_searches_and_filters(persona_client):
    client = persona_client("office")
    url = reverse("forbund-diarium", args=[OWN])
    closed = Matter.objects.filter(forbund__slug=OWN, status="closed", insats__isnull=True).get()
    found = client.get(url, {"q": closed.dnr}).content.decode()
    assert closed.title in found
    open_only = client.get(url, {"ar": closed.year, "status": "open"}).content.decode()
    assert closed.dnr not in open_only
    assert client.get(url, {"ar": "x", "status": "nonsense"}).status_code == 200


def test_the_office_registers_a_matter_with_a_document(persona_client, documents_dir):
    client = persona_client("office")
    url = reverse("matter-new", args=[OWN])
    data = {"registered": TODAY.isoformat(), "title": "Skrivelse från Region Västmanland", "kind": "other",
            "direction": "incoming", "counterpart": "Region Västmanland", "classification": "public",
            "document_title": "", "document_osl_ground": ""}
    # A program with a .pdf name: a Swedish error on the file field, and nothing registered.
    response = client.post(url, {**data, "upload": upload("skrivelse.pdf", EXE)})
    assert response.status_code == 200
    assert "inte av en tillåten typ" in response.content.decode()
    assert not Matter.objects.filter(title=data["title"]).exists()
    response = client.post(url, {**data, "upload": upload("skrivelse.pdf", PDF)})
    matter = Matter.objects.get(title=data["title"])
    assert response.status_code == 302 and response["Location"] == reverse("matter-detail", args=[OWN, matter.pk])
    document = matter.documents.get()
    assert (document.title, document.content_type, document.classification) == (
        "skrivelse.pdf", "application/pdf", "public")
    assert document.uploaded_by.email == "chef@vastmanland.example.se"


def test_a_secret_matter_without_osl_ground_gets_a_form_error(persona_client):
    client = persona_client("office")
    response = client.post(reverse("matter-new", args=[OWN]), {
        "registered": TODAY.isoformat(), "title": "Hemligt", "kind": "other", "direction": "incoming",
        "secret": "on", "classification": "internal"})
    text = response.content.decode()
    assert response.status_code == 200 and "Ange sekretessgrunden" in text and "Formuläret innehåller fel" in text


def test_the_office_removes_a_document_after_confirming(persona_client, documents_dir,
                                                       django_capture_on_commit_callbacks):
    from samordna.diarium import services

    client = persona_client("office")
    matter = doc(OWN, INTERNAL).matter  # a document of its own (the demo's files are shared by the tests)
    document = services.add_document(matter.forbund, user=None, upload=upload("extra.pdf", PDF), title="Extra",
                                     classification="internal", matter=matter, registered=TODAY)
    assert document.file.storage.exists(document.file.name)
    url = reverse("document-remove", args=[OWN, document.pk])
    assert "Ja, ta bort" in client.get(url).content.decode()
    assert Document.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not document.file.storage.exists(document.file.name)
