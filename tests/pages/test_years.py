"""The lists that grow with the years show one year at a time (?ar=YYYY, this year by default), with a year
navigation; the findings of other years stay one link away."""

import datetime
import re

import pytest

from samordna.lib.dates import today
from tests.conftest import TODAY

from .conftest import OWN, url

THIS = TODAY.year  # the tests' frozen today (tests/conftest.py), not the import's
OLD = THIS - 3  # a year of history the demo does not have


def _meeting(forbund, ext, day, **fields):
    from samordna.meetings.models import Meeting

    fields.setdefault("notice_sent", day - datetime.timedelta(days=10))
    return Meeting.objects.create(forbund=forbund, external_id=ext, date=day, kind="ordinary", **fields)


@pytest.fixture
def years(demo):
    """A meeting this year and one three years ago (whose notice was never sent: a finding about it)."""
    _meeting(demo[OWN], "vv-m-this-year", datetime.date(THIS, 1, 2))
    _meeting(demo[OWN], "vv-m-old-year", datetime.date(OLD, 3, 4), notice_sent=None)
    return demo


def _nav(html, label):
    found = re.search(rf'<nav class="pager year-nav" aria-label="{label}">(.*?)</nav>', html, re.S)
    assert found, label
    return found.group(1)


def _detail(ext):
    return url("meeting-detail", subject_id=ext)


def test_it_shows_this_years_meetings_by_default(persona_client, years):
    response = persona_client("office").get(url("forbund-meetings"))
    assert response.status_code == 200
    assert f'href="{_detail("vv-m-this-year")}"' in response.text
    assert f'href="{_detail("vv-m-old-year")}">' not in response.text.split('id="avvikelser-andra-ar"')[0]
    assert f"<caption id=\"caption-{THIS}\">Sammanträden {THIS}</caption>" in response.text
    assert re.search(rf"<title>Sammanträden {THIS} – ", response.text)


def test_it_shows_another_year_when_asked(persona_client, years):
    html = persona_client("office").get(url("forbund-meetings"), {"ar": str(OLD)}).text
    rows = html.split('class="findings-here"')[0]  # the findings of other years may link to this year's
    assert f'href="{_detail("vv-m-old-year")}"' in rows
    assert f'href="{_detail("vv-m-this-year")}"' not in rows
    assert f'<h2 id="ar-{OLD}">{OLD}</h2>' in html


def test_it_navigates_between_the_years_that_have_meetings(persona_client, years):
    client = persona_client("office")
    nav = _nav(client.get(url("forbund-meetings")).text, "Sammanträden per år")
    # The years with meetings, oldest first; this year is the list's own address, marked current.
    listed = re.findall(r"<li><a href=\"[^\"]*\"(?: aria-current=\"page\")?>(\d{4})</a></li>", nav)
    assert listed == sorted(listed) and str(OLD) in listed and str(THIS) in listed
    assert f'<a href="{url("forbund-meetings")}" aria-current="page">{THIS}</a>' in nav
    assert f'<a href="{url("forbund-meetings")}?ar={OLD}">{OLD}</a>' in nav
    assert "Föregående år (" in nav
    # the demo plans meetings up to half a year ahead: a next year only when it has some
    assert ("Nästa år (" in nav) == any(int(y) > THIS for y in listed)
    nav = _nav(client.get(url("forbund-meetings"), {"ar": str(OLD)}).text, "Sammanträden per år")
    assert f'<a href="{url("forbund-meetings")}?ar={OLD}" aria-current="page">{OLD}</a>' in nav
    later = min(int(y) for y in listed if int(y) > OLD)
    later_url = url("forbund-meetings") + ("" if later == THIS else f"?ar={later}")
    assert f'<a href="{later_url}">Nästa år ({later})</a>' in nav
    assert "Föregående år" not in nav  # the demo has nothing before three years ago


def test_it_shows_an_empty_year_with_the_navigation(persona_client, years):
    html = persona_client("office").get(url("forbund-meetings"), {"ar": "1950"}).text
    assert "Inga sammanträden registrerade 1950." in html
    nav = _nav(html, "Sammanträden per år")
    assert f'<a href="{url("forbund-meetings")}?ar=1950" aria-current="page">1950</a>' in nav
    assert f"Nästa år ({OLD})" in nav


@pytest.mark.parametrize("ar", ["abc", "", "1899", "2201", "99999", "-2020", "2020.0", " 2020", "２０２０", "0x7e4",
                                "2020&ar=2021", "१९९९"])
@pytest.mark.parametrize("name", ["forbund-meetings", "forbund-samrad", "forbund-notices"])
def test_it_shows_the_default_year_for_a_year_it_cannot_use(persona_client, years, name, ar):
    response = persona_client("office").get(url(name), {"ar": ar})
    assert response.status_code == 200
    assert response.context["year"] == str(THIS)


@pytest.mark.parametrize("ar", ["abc", "1899", "2201", "-1"])
def test_it_shows_the_running_insatser_for_a_year_it_cannot_use(persona_client, demo, ar):
    response = persona_client("office").get(url("forbund-insatser"), {"ar": ar})
    assert response.status_code == 200
    assert response.context["view"] == "current"


def test_it_links_the_findings_of_other_years_to_their_meeting(persona_client, years):
    from samordna.checks import store as service

    assert any(f.subject_id == "vv-m-old-year" for f in service.findings_for([OWN], as_of=today()))
    html = persona_client("office").get(url("forbund-meetings")).text
    other = html.split('<h2 id="avvikelser-andra-ar">Avvikelser om sammanträden andra år</h2>')[1]
    assert f'<h3 id="avvikelser-{OLD}"><a href="{url("forbund-meetings")}?ar={OLD}">{OLD}</a></h3>' in other
    line = re.search(rf'<li>[^\n]*href="{_detail("vv-m-old-year")}"[^\n]*</li>', other).group(0)
    assert "<code>meeting-notice</code>" in line
    # On its own year's page it is listed in full and counted on its row.
    response = persona_client("office").get(url("forbund-meetings"), {"ar": str(OLD)})
    [row] = response.context["rows"]
    assert row["meeting"].external_id == "vv-m-old-year" and row["findings"] >= 1
    assert "<code>meeting-notice</code>" in response.text.split('class="findings-here"')[1].split(
        'id="avvikelser-andra-ar"')[0]


def test_it_hides_a_finding_about_an_item_from_those_who_may_not_read_it(persona_client, years):
    from samordna.checks import store as service
    from samordna.meetings.models import Item, Meeting
    from samordna.samrad.models import Notice
    from tests.conftest import reopen_minutes

    # A major decision the members were not informed of (information-duty), in minutes not adjusted yet:
    # a member organisation sees the finding about the item nowhere on the list, the office does.
    Notice.objects.filter(about__external_id="vv-m-2026-02-12-p3").delete()
    reopen_minutes(Meeting.objects.filter(forbund=years[OWN]))
    item_ids = {f.subject_id for f in service.findings_for([OWN], as_of=today()) if f.subject_kind == "item"}
    items = Item.objects.filter(external_id__in=item_ids)
    assert items
    member = persona_client("member").get(url("forbund-meetings")).text
    office = persona_client("office").get(url("forbund-meetings")).text
    for item in items:
        anchor = f"#paragraf-{item.external_id}"
        assert anchor not in member
        assert anchor in office


def _insats(forbund, ext, start, end):
    from samordna.insatser.models import Insats

    return Insats.objects.create(forbund=forbund, external_id=ext, name=ext, start=start, end=end)


@pytest.fixture
def insatser(demo):
    day = today()
    _insats(demo[OWN], "ins-running", day - datetime.timedelta(days=100), day + datetime.timedelta(days=100))
    _insats(demo[OWN], "ins-open-ended", day - datetime.timedelta(days=10), None)
    _insats(demo[OWN], "ins-coming", day + datetime.timedelta(days=40), None)
    _insats(demo[OWN], "ins-ended-old", datetime.date(OLD - 1, 5, 1), datetime.date(OLD, 4, 30))
    _insats(demo[OWN], "ins-no-dates", None, None)
    return demo


def _undated():
    """The undated insatser the list shows: ins-no-dates and the demo's applications not granted (no drafts)."""
    from samordna.insatser.models import Insats

    return Insats.objects.filter(forbund__slug=OWN, start=None, end=None).exclude(status="draft").count()


def _insats_link(ext):
    return f'href="{url("insats-detail", subject_id=ext)}"'


def test_it_shows_the_running_and_coming_insatser_by_default(persona_client, insatser):
    response = persona_client("office").get(url("forbund-insatser"))
    html = response.text
    running, coming = html.split('<h2 id="pagaende">Pågående</h2>')[1].split('<h2 id="kommande">Kommande</h2>')
    assert _insats_link("ins-running") in running and _insats_link("ins-open-ended") in running
    assert _insats_link("ins-coming") in coming and _insats_link("ins-coming") not in running
    assert _insats_link("ins-ended-old") not in html and _insats_link("ins-no-dates") not in html
    nav = _nav(html, "Urval av insatser")
    assert f'<a href="{url("forbund-insatser")}" aria-current="page">Pågående och kommande (' in nav
    assert f'<a href="{url("forbund-insatser")}?visa=utan-datum">Utan datum ({_undated()})</a>' in nav
    years = _nav(html, "Avslutade insatser per år")
    assert f'<a href="{url("forbund-insatser")}?ar={OLD}">{OLD}</a>' in years
    assert "aria-current" not in years


def test_it_shows_the_insatser_that_ended_in_a_year(persona_client, insatser):
    html = persona_client("office").get(url("forbund-insatser"), {"ar": str(OLD)}).text
    assert f"<h2 id=\"urval\">Avslutade {OLD}</h2>" in html
    assert _insats_link("ins-ended-old") in html
    assert _insats_link("ins-running") not in html and _insats_link("ins-coming") not in html
    assert f'<a href="{url("forbund-insatser")}?ar={OLD}" aria-current="page">{OLD}</a>' in html
    empty = persona_client("office").get(url("forbund-insatser"), {"ar": "1950"}).text
    assert "Inga insatser avslutades 1950." in empty


def test_it_shows_the_insatser_without_dates_apart(persona_client, insatser):
    html = persona_client("office").get(url("forbund-insatser"), {"visa": "utan-datum"}).text
    assert _insats_link("ins-no-dates") in html
    assert _insats_link("ins-running") not in html
    assert f'aria-current="page">Utan datum ({_undated()})</a>' in html


def test_it_shows_planned_samrad_whatever_the_year_and_held_ones_per_year(persona_client, demo):
    from samordna.samrad.models import Consultation

    def samrad(ext, day):
        Consultation.objects.create(external_id=ext, kind="medlemssamrad", date=day).forbund.set([demo[OWN]])

    samrad("samrad-old", datetime.date(OLD, 4, 1))
    samrad("samrad-planned", today() + datetime.timedelta(days=30))
    client = persona_client("member")
    for query in ({}, {"ar": str(OLD)}):
        html = client.get(url("forbund-samrad"), query).text
        assert f'href="{url("consultation-detail", subject_id="samrad-planned")}"' in html
    assert f'href="{url("consultation-detail", subject_id="samrad-old")}"' not in client.get(url("forbund-samrad")).text
    html = client.get(url("forbund-samrad"), {"ar": str(OLD)}).text
    assert f'href="{url("consultation-detail", subject_id="samrad-old")}"' in html
    assert f"Genomförda samråd {OLD}" in html
    assert f'<a href="{url("forbund-samrad")}?ar={OLD}" aria-current="page">{OLD}</a>' in _nav(
        html, "Genomförda samråd per år")


def test_it_links_a_yearly_samrad_finding_of_another_year_to_that_year(persona_client, demo):
    from samordna.checks import store as service

    annual = [f for f in service.findings_for([OWN], as_of=today()) if f.rule == "samrad-annual"]
    assert annual
    year = int(annual[0].subject_id)
    client = persona_client("member")
    html = client.get(url("forbund-samrad"), {"ar": "1950"}).text  # a year the finding is not about
    other = html.split('id="avvikelser-andra-ar"')[1]
    assert f'<a href="{url("forbund-samrad")}{"" if year == THIS else f"?ar={year}"}">' in other
    assert "<code>samrad-annual</code>" in other
    own = client.get(url("forbund-samrad"), {"ar": str(year)}).text
    assert "<code>samrad-annual</code>" in own.split('class="findings-here"')[1]


def test_it_lists_information_without_a_date_under_every_year(persona_client, demo):
    from samordna.samrad.models import Notice

    Notice.objects.create(forbund=demo[OWN], external_id="vv-info-undated", subject="Odaterad information")
    Notice.objects.create(forbund=demo[OWN], external_id="vv-info-old", date=datetime.date(OLD, 2, 2),
                          subject="Gammal information")
    client = persona_client("member")
    this_year = client.get(url("forbund-notices")).text
    assert "Odaterad information" in this_year and "Gammal information" not in this_year
    old = client.get(url("forbund-notices"), {"ar": str(OLD)}).text
    assert "Odaterad information" in old and "Gammal information" in old
    assert f'aria-current="page">{OLD}</a>' in _nav(old, "Information till medlemmarna per år")


def test_it_translates_the_year_navigation(persona_client, years):
    client = persona_client("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(url("forbund-meetings"), {"ar": str(OLD)}).text
    assert '<nav class="pager year-nav" aria-label="Meetings by year">' in html
    assert "Next year (" in html
    assert f"<title>Meetings {OLD} – " in html
