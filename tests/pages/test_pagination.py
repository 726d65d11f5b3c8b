"""The section lists come in pages of 50, newest first, with a pager that keeps the other query parameters.

The lists shown a year at a time (meetings, samråd, information, ended insatser) page within the year."""

import datetime
import re

import pytest

from samordna.lib.dates import today
from tests.conftest import demo_year

from .conftest import OWN, url

START = datetime.date(2001, 1, 3)  # long before the demo's own data


def _days(n):
    """n days of 2001, five days apart (all in one year)."""
    return [START + datetime.timedelta(days=5 * i) for i in range(n)]


def _list():
    return url("forbund-meetings") + "?ar=2001"


@pytest.fixture
def meetings(demo):
    """60 old meetings in 2001: more than one page of that year."""
    from samordna.meetings.models import Meeting

    for i, day in enumerate(_days(60)):
        Meeting.objects.create(forbund=demo[OWN], external_id=f"vv-m-old-{i}", date=day, kind="ordinary",
                               notice_sent=day - datetime.timedelta(days=10))
    return Meeting.objects.filter(forbund=demo[OWN], date__year=2001).count()


def _title(html) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _meeting_rows(html) -> int:
    return html.count(f'<th scope="row"><a href="{url("forbund-meetings")}')


def test_it_shows_fifty_meetings_and_a_link_to_page_two(persona_client, meetings):
    html = persona_client("office").get(_list()).text
    assert _meeting_rows(html) == 50
    assert '<nav class="pager" aria-label="Sidor">' in html
    assert "Sida 1 av 2" in html
    assert f'<a href="{_list()}&amp;sida=2" rel="next">Nästa</a>' in html
    assert f'<a href="{_list()}" aria-current="page"><span class="visually-hidden">Sida' in html
    assert 'rel="prev">Föregående</a>' not in html
    assert "25 oktober 2001" in html  # the newest first
    assert "3 januari 2001" not in html


def test_it_shows_the_rest_on_page_two(persona_client, meetings):
    html = persona_client("office").get(_list() + "&sida=2").text
    assert _meeting_rows(html) == meetings - 50
    assert "Sida 2 av 2" in html
    assert "3 januari 2001" in html and "25 oktober 2001" not in html
    assert f'<a href="{_list()}" rel="prev">Föregående</a>' in html
    assert f'<a href="{_list()}&amp;sida=2" aria-current="page">' in html
    assert 'rel="next">Nästa</a>' not in html


@pytest.mark.parametrize("sida", ["abc", "", "1.5"])
def test_it_shows_page_one_for_a_page_that_is_not_a_number(persona_client, meetings, sida):
    response = persona_client("office").get(url("forbund-meetings"), {"ar": "2001", "sida": sida})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Sida 1 av 2" in response.text


@pytest.mark.parametrize("sida", ["99", "-1"])
def test_it_shows_the_last_page_for_a_page_out_of_range(persona_client, meetings, sida):
    response = persona_client("office").get(url("forbund-meetings"), {"ar": "2001", "sida": sida})
    assert response.status_code == 200
    assert "Sida 2 av 2" in response.text
    assert _meeting_rows(response.text) == meetings - 50


def test_it_keeps_the_other_query_parameters_in_the_pager_links(persona_client, meetings):
    html = persona_client("office").get(url("forbund-meetings") + "?ar=2001&q=%C3%A5r&sida=2").text
    # The page itself is replaced, never repeated; page 1 is the list's URL with the other parameters only.
    assert f'<a href="{url("forbund-meetings")}?ar=2001&amp;q=%C3%A5r" rel="prev">Föregående</a>' in html
    assert f'href="{url("forbund-meetings")}?ar=2001&amp;q=%C3%A5r&amp;sida=2" aria-current="page"' in html
    # A year's link starts at its first page and keeps the other parameters too.
    assert f'href="{url("forbund-meetings")}?q=%C3%A5r"' in html  # this year: the list's own URL


def test_it_shows_no_pager_for_a_single_page(persona_client, demo):
    html = persona_client("office").get(url("forbund-meetings")).text
    assert 'class="pager"' not in html


def test_it_lists_the_findings_of_every_meeting_on_each_page(persona_client, meetings):
    from samordna.meetings.models import Meeting
    from tests.conftest import unfrozen

    with unfrozen(Meeting.objects.filter(external_id="vv-m-2026-02-12")):
        Meeting.objects.filter(external_id="vv-m-2026-02-12").update(notice_sent=None)
    client = persona_client("office")
    first = client.get(url("forbund-meetings"), {"ar": str(demo_year(2026))}).text
    assert '<span class="level-warning">1</span>' in first  # counted on its row, on its year's page
    # Page 2 of 2001 does not show that meeting, but its findings section still lists the finding, with a link.
    second = client.get(_list() + "&sida=2").text
    assert "<code>meeting-notice</code>" in second
    assert f'href="{url("meeting-detail", subject_id="vv-m-2026-02-12")}"' in second


def _insatser(forbund):
    from samordna.insatser.models import Insats

    for i, day in enumerate(_days(55)):
        Insats.objects.create(forbund=forbund, external_id=f"vv-ins-old-{i}", name=f"Gammal insats {i}",
                              start=day, end=day + datetime.timedelta(days=30))


def _budgets(forbund):
    from samordna.finance.models import Budget

    for year in range(1950, 2005):
        Budget.objects.create(forbund=forbund, year=year)


def _annual_reports(forbund):
    from samordna.finance.models import AnnualReport

    for year in range(1950, 2005):
        AnnualReport.objects.create(forbund=forbund, year=year)


def _samrad(forbund):
    from samordna.samrad.models import Consultation

    for i, day in enumerate(_days(55)):
        consultation = Consultation.objects.create(external_id=f"samrad-old-{i}", kind="other", date=day)
        consultation.forbund.set([forbund])


def _notices(forbund):
    from samordna.samrad.models import Notice

    for i, day in enumerate(_days(55)):
        Notice.objects.create(forbund=forbund, external_id=f"vv-info-old-{i}", date=day,
                              subject=f"Information {i}")


@pytest.mark.parametrize(("name", "make", "oldest", "query", "per_page"), [
    ("forbund-insatser", _insatser, "Gammal insats 0", "?ar=2001", 50),  # those that ended in 2001
    ("forbund-budgets", _budgets, "Budget 1950", "", 5),  # the latest five years a page
    ("forbund-annual-reports", _annual_reports, "Årsredovisning 1950", "", 5),
    ("forbund-samrad", _samrad, "3 januari 2001", "?ar=2001", 50),
    ("forbund-notices", _notices, "3 januari 2001", "?ar=2001", 50),
])
def test_it_splits_every_section_list_into_pages(persona_client, demo, name, make, oldest, query, per_page):
    make(demo[OWN])
    client = persona_client("office")
    first = client.get(url(name) + query)
    assert len(first.context["page"].object_list) == per_page
    assert f'<a href="{url(name)}{query}{"&amp;" if query else "?"}sida=2" rel="next">' in first.text
    assert oldest not in first.text
    pages = first.context["page"].paginator.num_pages
    last = client.get(f'{url(name)}{query}{"&" if query else "?"}sida={pages}')
    assert oldest in last.text
    assert 'rel="prev">' in last.text
    assert "sida" not in _title(first.text)
    assert _title(last.text).endswith(f" – sida {pages} av {pages}")


def test_it_names_the_directions_of_the_years_lists(persona_client, demo):
    _budgets(demo[OWN])
    newest = demo[OWN].budgets.order_by("-year").values_list("year", flat=True)
    response = persona_client("office").get(url("forbund-budgets"), {"sida": 2})
    assert [row["budget"].year for row in response.context["rows"]] == list(newest[5:10])
    assert f'<a href="{url("forbund-budgets")}" rel="prev">Nyare år</a>' in response.text
    assert f'<a href="{url("forbund-budgets")}?sida=3" rel="next">Äldre år</a>' in response.text


def test_it_shows_the_planned_samrad_on_every_page(persona_client, demo):
    from samordna.samrad.models import Consultation

    _samrad(demo[OWN])
    Consultation.objects.create(external_id="samrad-planned", kind="budget",
                                date=today() + datetime.timedelta(days=60)).forbund.set([demo[OWN]])
    client = persona_client("office")
    for sida in ("1", "2"):
        html = client.get(url("forbund-samrad"), {"ar": "2001", "sida": sida}).text
        assert f'href="{url("consultation-detail", subject_id="samrad-planned")}"' in html, sida


def test_it_translates_the_pager(persona_client, meetings):
    client = persona_client("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(_list() + "&sida=2").text
    assert '<nav class="pager" aria-label="Pages">' in html
    assert "Page 2 of 2" in html and 'rel="prev">Previous</a>' in html
    assert '<span class="visually-hidden">Page </span>2' in html
    assert _title(html).endswith(" – page 2 of 2")


def test_it_says_which_page_in_the_title_from_page_two(persona_client, meetings):
    client = persona_client("office")
    first = _title(client.get(_list()).text)
    assert first.startswith("Sammanträden 2001 – ") and first.endswith(" – Samordna")
    assert _title(client.get(_list() + "&sida=2").text) == f"{first} – sida 2 av 2"
    # A page out of range shows the last one, and its title says so.
    assert _title(client.get(_list() + "&sida=99").text).endswith(" – sida 2 av 2")


def test_it_says_no_page_in_the_title_of_a_list_on_one_page(persona_client, demo):
    assert "sida" not in _title(persona_client("office").get(url("forbund-meetings")).text)
