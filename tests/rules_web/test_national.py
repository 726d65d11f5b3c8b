"""The national overview: every förbund's findings, sortable and filterable, and its CSV export."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db

URL = "/nationell/"
CSV = "/nationell/export.csv"


@pytest.mark.parametrize("persona", ["national", "admin"])
def test_it_shows_the_overview_to_national_users_and_admins(persona_client, persona):
    response = persona_client(persona).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Samordningsförbundet Västra Västmanland" in page and "Samordningsförbundet Uppsala norra" in page


@pytest.mark.parametrize("persona", ["office", "board", "member", "auditor", "outsider"])
def test_it_forbids_the_overview_and_its_export_to_others(persona_client, persona):
    client = persona_client(persona)
    assert client.get(URL).status_code == 403
    assert client.get(CSV).status_code == 403


def test_it_sends_anonymous_users_to_the_login_page(persona_client):
    client = persona_client("anonymous")
    for url in (URL, CSV):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


def test_it_links_the_overview_in_the_header_for_national_users_only(persona_client):
    assert f'href="{URL}"' in persona_client("national").get("/").content.decode()
    assert f'href="{URL}"' in persona_client("admin").get("/").content.decode()
    assert f'href="{URL}"' not in persona_client("office").get("/f/sf-vastra-vastmanland/").content.decode()


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [chunk.split("</a>", 1)[0].rsplit(">", 1)[1] for chunk in body.split('<th scope="row">')[1:]]


def test_it_sorts_by_column(exempel, persona_client):
    client = persona_client("national")
    by_name = _rows(client.get(URL, {"datum": "2026-06-30"}).content.decode())
    assert by_name == sorted(by_name, key=str.casefold)
    by_name_desc = _rows(client.get(URL, {"datum": "2026-06-30", "sort": "name", "dir": "desc"}).content.decode())
    assert by_name_desc == list(reversed(by_name))
    # As of 2026-12-20 the förbund differ in error count (a missing 2027 budget is an error).
    errors = {name: int(row[0]) for _, (name, *row) in _csv_rows(client.get(CSV, {"datum": "2026-12-20"}))}
    assert len(set(errors.values())) > 1
    fewest = _rows(client.get(URL, {"datum": "2026-12-20", "sort": "errors", "dir": "asc"}).content.decode())
    assert [errors[n] for n in fewest] == sorted(errors[n] for n in fewest)
    most = _rows(client.get(URL, {"datum": "2026-12-20", "sort": "errors"}).content.decode())
    assert [errors[n] for n in most] == sorted((errors[n] for n in most), reverse=True)
    page = client.get(URL, {"sort": "warnings", "dir": "asc"}).content.decode()
    assert 'aria-sort="ascending"' in page


def test_it_filters_by_rule(exempel, persona_client):
    client = persona_client("national")
    page = client.get(URL, {"datum": "2026-12-20", "rule": "budget-deadline"}).content.decode()
    assert 'option value="budget-deadline" selected' in page
    assert "enligt regeln budget-deadline" in page
    rows = dict(_csv_rows(client.get(CSV, {"datum": "2026-12-20", "rule": "insats-reports"})))
    assert rows["ex"][1:4] == ["0", "1", "0"]


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    header = next(reader)
    assert header == ["forbund_id", "Förbund", "Fel", "Varningar", "Påminnelser", "Per datum", "Regel"]
    return [(row[0], row[1:]) for row in reader]


def test_it_exports_csv_for_excel(exempel, persona_client):
    response = persona_client("national").get(CSV, {"datum": "2026-12-20", "rule": "budget-deadline"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="regelkontroll-2026-12-20-budget-deadline.csv"' in response["Content-Disposition"]
    assert b"\r\n" in response.content
    rows = dict(_csv_rows(response))
    assert set(rows) == {"ex", "sf-vastra-vastmanland", "sf-uppsala-norra"}
    assert rows["ex"] == ["Samordningsförbundet Exempel", "1", "0", "0", "2026-12-20", "budget-deadline"]


def test_it_exports_in_the_order_the_page_shows(exempel, persona_client):
    client = persona_client("admin")
    query = {"datum": "2026-06-30", "sort": "errors", "dir": "asc"}
    page_order = _rows(client.get(URL, query).content.decode())
    csv_order = [row[0] for _, row in _csv_rows(client.get(CSV, query))]
    assert page_order == csv_order
