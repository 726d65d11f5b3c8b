"""The public page of a förbund (no login): the anslagstavla, the adjusted protokoll, decisions, coming
meetings, diarium and the Atom feed; who gets it instead of the overview; nothing unadjusted or personal."""

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import reverse

from samordna.publication import services
from tests.conftest import TODAY

from .conftest import OTHER, OWN, PERSONNUMMER

DAY = datetime.timedelta(days=1)
PUBLIC = f"/f/{OWN}/offentlig/"
ATOM = "{http://www.w3.org/2005/Atom}"
# A personnummer (or samordningsnummer: day + 60): a real birth date, then four digits. An
# organisationsnummer (its month digits 20 or more, e.g. the förbund's 222000-2222) is public and not one.
PNR = re.compile(r"\b(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _templates(response):
    return [t.name for t in response.templates]


@pytest.fixture
def posted(recent, office_user):
    return services.post_anslag(recent.minutes, user=office_user, day=TODAY)


def test_an_anonymous_visitor_sees_the_anslag_with_every_field(client, posted):
    from samordna.web.templatetags.samordna import datum

    response = client.get(PUBLIC)
    assert response.status_code == 200
    text = response.text
    board = text[text.index('id="anslagstavla"'):text.index('id="kommande"')]
    for expected in ("Styrelsen", "Sammanträdesdatum", datum(posted.minutes.meeting.date),
                     "Protokollet innehåller paragraferna", "§§ 84–86",
                     "Datum då anslaget sattes upp", datum(posted.posted),
                     "Datum då anslaget tas ned", datum(posted.down_day),
                     "Sista dag för överklagan", datum(posted.appeal_until),
                     "Förvaringsplats för protokollet", "Förbundets kansli",
                     "Anslaget har satts upp av", "Karin Lindqvist",
                     "laglighetsprövning", "13 kap. kommunallagen", "28 §", "förvaltningsrätten",
                     "inom tre veckor", "medlem i en kommun eller region",
                     reverse("public-protokoll", kwargs={"slug": OWN, "subject_id": posted.minutes.meeting.external_id})):
        assert expected in board, expected
    assert "chef@vastmanland" not in text
    assert f'href="{reverse("login")}?next=/f/{OWN}/"' in text
    assert 'class="wrap forbund-nav"' not in text  # none of the logged-in product's navigation


def test_the_public_page_lists_protokoll_decisions_and_coming_meetings(client, posted, make_meeting, demo):
    from samordna.meetings.models import Meeting

    coming = make_meeting(TODAY + 12 * DAY, titles=())
    Meeting.objects.filter(pk=coming.pk).update(start_time=datetime.time(9, 30), place="Kommunhuset, Köping")
    text = client.get(PUBLIC).text
    assert "Beslut om budget" in text and "§ 85" in text
    assert "09.30" in text and "Kommunhuset, Köping" in text
    assert reverse("public-protokoll", kwargs={"slug": OWN, "subject_id": posted.minutes.meeting.external_id}) in text


def test_the_public_protokoll_shows_the_adjusted_meeting(client, posted):
    meeting = posted.minutes.meeting
    response = client.get(reverse("public-protokoll", kwargs={"slug": OWN, "subject_id": meeting.external_id}))
    assert response.status_code == 200
    assert "§ 85 Budget" in response.text and "Beslut om budget" in response.text
    assert "Sista dag för överklagan" in response.text


def test_unadjusted_meetings_are_never_shown(client, posted, make_meeting):
    draft = make_meeting(TODAY - 2 * DAY, adjusted=None, first=87, titles=("Hemlig omorganisation",),
                         ident="test-m-draft")
    text = client.get(PUBLIC).text + client.get(reverse("public-anslag-feed", kwargs={"slug": OWN})).text
    assert "Hemlig omorganisation" not in text and "test-m-draft" not in text
    response = client.get(reverse("public-protokoll", kwargs={"slug": OWN, "subject_id": draft.external_id}))
    assert response.status_code == 404
    # Another förbund's adjusted meeting is not found under this förbund either.
    other = posted.minutes.meeting.external_id
    assert client.get(reverse("public-protokoll", kwargs={"slug": OTHER, "subject_id": other})).status_code == 404


def test_a_logged_in_user_of_another_forbund_gets_the_public_page(persona_client, posted):
    response = persona_client("outsider").get(f"/f/{OWN}/")
    assert response.status_code == 200
    assert "publication/public.html" in _templates(response)
    assert "organisations/overview.html" not in _templates(response)
    assert "Sista dag för överklagan" in response.text
    # … but not the förbund's other pages.
    assert persona_client("outsider").get(f"/f/{OWN}/styrelse/").status_code == 404


def test_a_user_with_access_gets_the_overview_with_a_link_to_the_public_page(persona_client, demo):
    response = persona_client("member").get(f"/f/{OWN}/")
    assert "organisations/overview.html" in _templates(response)
    assert f'<a href="{PUBLIC}">Offentlig sida</a>' in response.text
    assert persona_client("member").get(PUBLIC).status_code == 200


def test_an_unknown_forbund_is_a_404(client, demo):
    assert client.get("/f/finns-inte/").status_code == 404
    assert client.get("/f/finns-inte/offentlig/").status_code == 404
    assert client.get("/f/finns-inte/offentlig/anslag.atom").status_code == 404


def test_the_feed_is_atom_with_the_new_anslag(client, posted):
    response = client.get(reverse("public-anslag-feed", kwargs={"slug": OWN}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    first = entries[0]  # the newest
    meeting = posted.minutes.meeting
    assert meeting.date.isoformat() in first.findtext(f"{ATOM}title")
    assert first.find(f"{ATOM}link").get("href").endswith(
        reverse("public-protokoll", kwargs={"slug": OWN, "subject_id": meeting.external_id}))
    assert first.findtext(f"{ATOM}updated").startswith(TODAY.isoformat())
    summary = first.findtext(f"{ATOM}summary")
    assert posted.appeal_until.isoformat() in summary and "§§ 84–86" in summary
    assert root.find(f"{ATOM}author") is not None or all(e.find(f"{ATOM}author") is not None for e in entries)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def test_no_public_page_shows_a_personnummer_or_an_e_mail(client, posted, make_meeting, demo):
    from samordna.meetings.models import Attendance, Minutes
    from samordna.organisations.models import Person

    # Planted where the public must never see it: an unadjusted meeting's item, a person's e-mail in the
    # attendance of an adjusted one (recorded before its justering: adjusted minutes are frozen).
    make_meeting(TODAY - 2 * DAY, adjusted=None, titles=(f"Ansökan från {PERSONNUMMER}",), ident="test-m-pnr")
    attended = make_meeting(TODAY - 9 * DAY, adjusted=None, ident="test-m-mail")
    person = Person.objects.create(external_id="p-test-mail", name="Test Testsson", email="test.testsson@example.se")
    Attendance.objects.create(forbund=posted.forbund, meeting=attended, person=person, capacity="other")
    Minutes.objects.filter(meeting=attended).update(adjusted=TODAY - 3 * DAY)
    seen, queue = set(), [PUBLIC]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        if response["Content-Type"] == "application/pdf":  # the protokoll's PDF: its text
            import subprocess

            text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                                  check=True).stdout.decode()
        else:
            text = response.content.decode()
        assert not PNR.search(text), (path, PNR.search(text))
        assert not EMAIL.search(text), (path, EMAIL.search(text))
        if "html" not in response["Content-Type"]:
            continue
        parser = _Links()
        parser.feed(text)
        for href in parser.links:
            target = urldefrag(urljoin(path, href))[0]
            parts = urlsplit(target)
            if not parts.netloc and parts.path.startswith(PUBLIC):
                queue.append(target)
    assert any("/protokoll/" in p for p in seen) and any(p.endswith("anslag.atom") for p in seen)
    # the planted attendance's protokoll and the PDFs were crawled; the person is there by name, never by e-mail
    assert any("test-m-mail" in p for p in seen) and any(p.endswith(".pdf") for p in seen)
    assert "Test Testsson" in client.get(reverse("public-protokoll", kwargs={
        "slug": OWN, "subject_id": attended.external_id})).text


@pytest.mark.usefixtures("uncached_pages")
def test_the_public_page_runs_the_same_queries_whatever_the_history(client, posted, make_meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = TODAY - 60 * DAY
    if base.month == 12 and base.day > 25:  # six days from `base` stay in its year
        base = base.replace(day=1)
    year = base.year
    page = f"{PUBLIC}?ar={year}"  # the year the added meetings are in, so that the page lists them
    with CaptureQueriesContext(connection) as before:
        client.get(page)
    for n in range(6):
        make_meeting(base + n * DAY, adjusted=base + (n + 3) * DAY, first=10 * n + 1,
                     titles=("A", "B", "C", "D"), ident=f"test-m-more-{n}")
    with CaptureQueriesContext(connection) as after:
        response = client.get(page)
    assert response.text.count("test-m-more-") == 12  # each added protokoll is linked twice: HTML and PDF
    assert len(after) == len(before)
