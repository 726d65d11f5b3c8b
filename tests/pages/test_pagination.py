"""The section lists come in pages of 50, newest first, with a pager that keeps the other query parameters."""

import datetime
import re

import pytest

from samordna.lib.dates import today
from tests.conftest import demo_text

from .conftest import OWN, url

START = datetime.date(2001, 1, 3)  # long before the demo's own data, so these come last


def _weeks(n):
    return [START + datetime.timedelta(weeks=i) for i in range(n)]


@pytest.fixture
def meetings(demo):
    """60 old meetings besides the demo's own: more than one page."""
    from samordna.meetings.models import Meeting

    for i, day in enumerate(_weeks(60)):
        Meeting.objects.create(forbund=demo[OWN], external_id=f"vv-m-old-{i}", date=day, kind="ordinary",
                               notice_sent=day - datetime.timedelta(days=10))
    return Meeting.objects.filter(forbund=demo[OWN]).count()


def _title(html) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _meeting_rows(html) -> int:
    return html.count(f'<th scope="row"><a href="{url("forbund-meetings")}')


def test_it_shows_fifty_meetings_and_a_link_to_page_two(persona_client, meetings):
    html = persona_client("office").get(url("forbund-meetings")).text
    assert _meeting_rows(html) == 50
    assert '<nav class="pager" aria-label="Sidor">' in html
    assert "Sida 1 av 2" in html
    assert f'<a href="{url("forbund-meetings")}?sida=2" rel="next">Nästa</a>' in html
    assert f'<a href="{url("forbund-meetings")}" aria-current="page">' in html
    assert "Föregående" not in html
    assert demo_text("14 maj 2026") in html  # the newest first, as without pages
    assert "3 januari 2001" not in html


def test_it_shows_the_rest_on_page_two(persona_client, meetings):
    html = persona_client("office").get(url("forbund-meetings") + "?sida=2").text
    assert _meeting_rows(html) == meetings - 50
    assert "Sida 2 av 2" in html
    assert "3 januari 2001" in html and demo_text("14 maj 2026") not in html
    assert f'<a href="{url("forbund-meetings")}" rel="prev">Föregående</a>' in html
    assert f'<a href="{url("forbund-meetings")}?sida=2" aria-current="page">' in html
    assert "Nästa" not in html


@pytest.mark.parametrize("sida", ["abc", "", "1.5"])
def test_it_shows_page_one_for_a_page_that_is_not_a_number(persona_client, meetings, sida):
    response = persona_client("office").get(url("forbund-meetings"), {"sida": sida})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Sida 1 av 2" in response.text


@pytest.mark.parametrize("sida", ["99", "-1"])
def test_it_shows_the_last_page_for_a_page_out_of_range(persona_client, meetings, sida):
    response = persona_client("office").get(url("forbund-meetings"), {"sida": sida})
    assert response.status_code == 200
    assert "Sida 2 av 2" in response.text
    assert _meeting_rows(response.text) == meetings - 50


def test_it_keeps_the_other_query_parameters_in_the_pager_links(persona_client, meetings):
    html = persona_client("office").get(url("forbund-meetings") + "?ar=2020&q=%C3%A5r&sida=2").text
    # The page itself is replaced, never repeated; page 1 is the list's URL with the other parameters only.
    assert f'<a href="{url("forbund-meetings")}?ar=2020&amp;q=%C3%A5r" rel="prev">Föregående</a>' in html
    assert f'href="{url("forbund-meetings")}?ar=2020&amp;q=%C3%A5r&amp;sida=2" aria-current="page"' in html


def test_it_shows_no_pager_for_a_single_page(persona_client, demo):
    html = persona_client("office").get(url("forbund-meetings")).text
    assert 'class="pager"' not in html


def test_it_lists_the_findings_of_every_meeting_on_each_page(persona_client, meetings):
    from samordna.meetings.models import Meeting

    Meeting.objects.filter(external_id="vv-m-2026-02-12").update(notice_sent=None)
    client = persona_client("office")
    first = client.get(url("forbund-meetings")).text
    assert '<span class="level-warning">1</span>' in first  # counted on its row, on page 1
    # Page 2 does not show that meeting, but its findings section still lists the finding, with a link.
    second = client.get(url("forbund-meetings") + "?sida=2").text
    assert "<code>meeting-notice</code>" in second
    assert f'href="{url("meeting-detail", subject_id="vv-m-2026-02-12")}"' in second


def _insatser(forbund):
    from samordna.insatser.models import Insats

    for i, day in enumerate(_weeks(55)):
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

    for i, day in enumerate(_weeks(55)):
        consultation = Consultation.objects.create(external_id=f"samrad-old-{i}", kind="other", date=day)
        consultation.forbund.set([forbund])


def _notices(forbund):
    from samordna.samrad.models import Notice

    for i, day in enumerate(_weeks(55)):
        Notice.objects.create(forbund=forbund, external_id=f"vv-info-old-{i}", date=day,
                              subject=f"Information {i}")


@pytest.mark.parametrize(("name", "make", "oldest"), [
    ("forbund-insatser", _insatser, "Gammal insats 0"),
    ("forbund-budgets", _budgets, "Budget 1950"),
    ("forbund-annual-reports", _annual_reports, "Årsredovisning 1950"),
    ("forbund-samrad", _samrad, "3 januari 2001"),
    ("forbund-notices", _notices, "3 januari 2001"),
])
def test_it_splits_every_section_list_into_pages(persona_client, demo, name, make, oldest):
    make(demo[OWN])
    client = persona_client("office")
    first = client.get(url(name))
    assert len(first.context["page"].object_list) == 50
    assert f'<a href="{url(name)}?sida=2" rel="next">Nästa</a>' in first.text
    assert oldest not in first.text
    pages = first.context["page"].paginator.num_pages
    last = client.get(url(name), {"sida": pages})
    assert oldest in last.text
    assert 'rel="prev">Föregående</a>' in last.text
    assert "sida" not in _title(first.text)
    assert _title(last.text).endswith(f" – sida {pages} av {pages}")


def test_it_shows_the_planned_samrad_on_every_page(persona_client, demo):
    from samordna.samrad.models import Consultation

    _samrad(demo[OWN])
    Consultation.objects.create(external_id="samrad-planned", kind="budget",
                                date=today() + datetime.timedelta(days=60)).forbund.set([demo[OWN]])
    client = persona_client("office")
    for sida in ("1", "2"):
        html = client.get(url("forbund-samrad"), {"sida": sida}).text
        assert f'href="{url("consultation-detail", subject_id="samrad-planned")}"' in html, sida


def test_it_translates_the_pager(persona_client, meetings):
    client = persona_client("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(url("forbund-meetings") + "?sida=2").text
    assert '<nav class="pager" aria-label="Pages">' in html
    assert "Page 2 of 2" in html and 'rel="prev">Previous</a>' in html
    assert '<span class="visually-hidden">Page </span>2' in html
    assert _title(html).endswith(" – page 2 of 2")


def test_it_says_which_page_in_the_title_from_page_two(persona_client, meetings):
    client = persona_client("office")
    first = _title(client.get(url("forbund-meetings")).text)
    assert first.startswith("Sammanträden – ") and first.endswith(" – Samordna")
    assert _title(client.get(url("forbund-meetings"), {"sida": 2}).text) == f"{first} – sida 2 av 2"
    # A page out of range shows the last one, and its title says so.
    assert _title(client.get(url("forbund-meetings"), {"sida": 99}).text).endswith(" – sida 2 av 2")


def test_it_says_no_page_in_the_title_of_a_list_on_one_page(persona_client, demo):
    assert "sida" not in _title(persona_client("office").get(url("forbund-meetings")).text)
