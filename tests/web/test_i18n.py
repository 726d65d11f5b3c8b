"""Swedish by default; the footer's language form switches the pages to English."""

import re

import pytest

from .conftest import url

pytestmark = pytest.mark.django_db


def _switch(client, language, next_url):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_it_is_swedish_by_default_whatever_the_browser_asks(office):
    response = office.get(url("forbund-board"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="sv">' in response.text
    assert "<h1>Styrelse</h1>" in response.text


def test_it_switches_to_english_through_the_footer_form(office):
    page = office.get(url("forbund-board")).text
    assert 'action="/i18n/setlang/"' in page and 'name="language"' in page
    response = _switch(office, "en", url("forbund-board"))
    assert response.status_code == 302
    assert response["Location"] == url("forbund-board")

    board = office.get(url("forbund-board")).text
    assert '<html lang="en">' in board
    assert "<h1>Board</h1>" in board
    assert "Board members and deputies per member" in board
    assert "Skip to content" in board
    assert ">Change log</a>" in board  # the nav
    assert "<h1>Members</h1>" in office.get(url("forbund-members")).text
    assert "<h1>Appointments</h1>" in office.get(url("forbund-mandates")).text
    assert "<h1>Change log</h1>" in office.get(url("forbund-log")).text


def test_it_translates_form_labels_and_errors(office, forbund):
    _switch(office, "en", "/")
    response = office.post(url("forbund-member-new"), {"external_id": "vv-9999", "kind": "kommun",
                                                        "name": "X", "code": "9999"})
    assert "<h1>Add member</h1>" in response.text
    assert "The form has errors" in response.text
    assert "Enter a municipality code from Statistics Sweden&#x27;s list (4 digits)." in response.text
    assert "Municipality code (4 digits) or county code (2 digits)." not in response.text  # the form's own help
    assert "Municipality or county code from Statistics Sweden" in response.text


def test_it_switches_back_to_swedish(office):
    _switch(office, "en", "/")
    _switch(office, "sv", "/")
    assert "<h1>Styrelse</h1>" in office.get(url("forbund-board")).text


def test_it_names_each_language_in_itself(office):
    _switch(office, "en", "/")
    html = office.get(url("forbund-board")).text
    assert '<option value="sv" lang="sv">Svenska</option>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html


ARSHJUL = [  # (Swedish, English) of the årshjul page's own headings, labels and texts
    ("<h1>Årshjul</h1>", "<h1>Year planner</h1>"),
    ('aria-label="Visa årshjulet från datum"', 'aria-label="Show the year planner from a date"'),
    ('<label for="id_datum">Från datum</label>', '<label for="id_datum">From date</label>'),
    ("Tidsfrister och händelser från", "Deadlines and events from"),
    ("Lagens datum visas som de är", "The statutory dates are shown as they are"),
    ('<span class="badge level-warning">Frist</span>', '<span class="badge level-warning">Deadline</span>'),
    ("<h2>Prenumerera i kalendern</h2>", "<h2>Subscribe in your calendar</h2>"),
    ("Lägg till adressen som prenumeration", "Add the address as a subscription"),
    ('<label for="ics-url">Prenumerationsadress</label>',
     '<label for="ics-url">Subscription address</label>'),
    ("Skapa ny prenumerationslänk", "Create a new subscription link"),
    ("En ny länk gör den gamla ogiltig.", "A new link makes the old one invalid."),
    ("En ny prenumerationslänk är skapad.", "A new subscription link has been created."),
]
ENGLISH_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"}


def _month_headings(html):
    return re.findall(r'<h2 id="manad-\d+">(.*?)</h2>', html)


def test_it_translates_the_arshjul_page(office):
    _switch(office, "en", "/")
    response = office.post(url("forbund-arshjul-token"), follow=True)  # with a link, and its message
    html = response.text
    assert "<title>Year planner – " in html
    for swedish, english in ARSHJUL:
        assert english in html, english
        assert swedish not in html, swedish
    headings = _month_headings(html)
    assert headings and {h.split()[0] for h in headings} <= ENGLISH_MONTHS, headings


def test_it_translates_the_arshjul_without_a_subscription_link(office):
    _switch(office, "en", "/")
    html = office.get(url("forbund-arshjul")).text
    assert "No subscription link has been created yet." in html
    assert "Ingen prenumerationslänk" not in html


def test_it_heads_the_arshjul_months_as_before_in_swedish(office):
    # From mid-April the spring's medlemssamråd (March–June) is under way: it is listed under April.
    response = office.get(url("forbund-arshjul"), {"datum": "2027-04-15"})
    expected = [heading.capitalize() for heading, _events in response.context["months"]]
    assert expected[0] == "April 2027"
    assert _month_headings(response.text) == expected


# From 1 March 2024: the budget for 2025 is due on a Saturday, the annual report for 2023 on Easter Sunday.
HOLIDAYS = {"datum": "2024-03-01"}


def test_it_translates_the_arshjul_events(office):
    _switch(office, "en", "/")
    html = office.get(url("forbund-arshjul"), HOLIDAYS).text
    assert "Last day to adopt the budget for 2025" in html
    assert "Last day to prepare the annual report for 2023" in html
    assert "Member consultation 2024 (March–June)" in html
    assert '<span class="badge level-error">Falls on Saturday</span>' in html
    assert '<span class="badge level-error">Falls on Easter Sunday</span>' in html
    assert "Note: 31 March 2024 is a public holiday (Easter Sunday, Sunday); the date does not move" in html
    events = "".join(re.findall(r'<ul class="events">.*?</ul>', html, re.S))
    for swedish in ("fastställs senast i dag", "Infaller på", "lördag", "Påskdagen", "Obs:", 'lang="sv"'):
        assert swedish not in events, swedish


def test_it_shows_the_arshjul_events_in_swedish_as_before(office):
    html = office.get(url("forbund-arshjul"), HOLIDAYS).text
    assert "Budget 2025 fastställs senast i dag" in html
    assert "Årsredovisning 2023 upprättas senast i dag" in html
    assert '<span class="badge level-error">Infaller på lördag</span>' in html
    assert '<span class="badge level-error">Infaller på Påskdagen</span>' in html
    assert "Obs: 31 mars 2024 är en helgdag (Påskdagen, söndag); datumet flyttas inte" in html
