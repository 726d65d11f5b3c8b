"""The förbundschef registers a matter with a document in the browser and opens the document."""

import pytest

from samordna.diarium.demo import pdf_bytes

from .conftest import follow

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"


def test_the_office_registers_a_matter_with_an_upload_and_opens_the_document(page, login, assert_accessible,
                                                                             tmp_path):
    pdf = tmp_path / "Skrivelse om samverkan.pdf"
    pdf.write_bytes(pdf_bytes("Skrivelse om samverkan"))
    login(page, "office")
    follow(page, page.get_by_role("navigation", name="Förbundets sidor").get_by_role("link", name="Diarium"))
    assert_accessible(page, "diarium list")
    follow(page, page.get_by_role("link", name="Registrera ärende"))
    page.get_by_label("Ärendemening").fill("Skrivelse om samverkan kring unga")
    page.get_by_label("Slag").select_option(label="Övrigt")
    page.get_by_label("Riktning").select_option(label="Inkommande")
    page.get_by_label("Avsändare eller mottagare").fill("Region Västmanland")
    page.get_by_label("Fil").set_input_files(str(pdf))
    page.get_by_label("Sekretessklass").select_option(label="Offentlig")
    assert_accessible(page, "register form")
    follow(page, page.get_by_role("button", name="Spara"))
    status = page.get_by_role("status").inner_text()
    assert "Ärendet är registrerat med diarienummer" in status
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ärende ")
    assert "Region Västmanland" in page.locator("dl.facts").inner_text()
    assert_accessible(page, "matter page")
    link = page.get_by_role("table").get_by_role("link", name="Skrivelse om samverkan.pdf", exact=True)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "Skrivelse om samverkan.pdf"
    assert open(download.path(), "rb").read().startswith(b"%PDF-")
