"""The rule catalogue in English: titles, explanations and advice follow the chosen language.

Finding messages and the quoted law text (source_text) stay Swedish in both languages.
"""

import datetime
import re

import pytest
from django.utils import translation

from samordna.checks import grouping as service
from samordna.rules.engine import RULES

EX = "/f/ex/regelkontroll/"
LATE = {"datum": "2026-12-20"}
FIELDS = ("title", "explanation", "advice")
# Proper names that an English text may keep in Swedish.
SWEDISH_NAMES = ("Uppföljning Finsam",)


def _in(language, value) -> str:
    with translation.override(language):
        return str(value)


def _switch_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_catalogue_has_38_rules():
    assert len(RULES) == 38


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_is_translated_into_english(rule_id):
    entry = RULES[rule_id]
    for field in FIELDS:
        swedish, english = _in("sv", getattr(entry, field)), _in("en", getattr(entry, field))
        assert english and english != swedish, (rule_id, field)
        rest = english
        for name in SWEDISH_NAMES:
            rest = rest.replace(name, "")
        assert not re.search("[åäöÅÄÖ]", rest), (rule_id, field, english)
    # The law is Swedish: the quoted source stays as it is.
    assert _in("en", entry.source_text) == _in("sv", entry.source_text)


def test_swedish_stays_swedish():
    entry = RULES["budget-deadline"]
    explanation = "Styrelsen ska fastställa budgeten för nästa år senast den 30 november."
    with translation.override("sv"):
        assert str(entry.title) == "Budgeten fastställd senast 30 november"
        assert str(entry.explanation) == explanation
        assert str(entry.advice) == "Fastställ budgeten snarast och registrera beslutsdatumet."
    with translation.override("en"):
        assert str(entry.title) == "Budget adopted by 30 November"


def test_the_rule_filter_follows_the_language():
    with translation.override("en"):
        english = dict(service.rule_choices())
    with translation.override("sv"):
        swedish = dict(service.rule_choices())
    assert english["budget-deadline"] == "budget-deadline – Budget adopted by 30 November"
    assert swedish["budget-deadline"] == "budget-deadline – Budgeten fastställd senast 30 november"


@pytest.mark.django_db
def test_the_regelkontroll_page_shows_the_rules_in_english(exempel, persona_client):
    page = _switch_to_english(persona_client("member")).get(EX, LATE).content.decode()
    assert '<html lang="en">' in page
    assert "<strong>Budget adopted by 30 November</strong>" in page  # title
    assert "The board must adopt the budget for the next year no later than 30 November." in page
    assert "Adopt the budget as soon as possible and register the date of the decision." in page
    assert "Budgeten fastställd senast 30 november" not in page
    assert "Fastställ budgeten snarast" not in page
    # The finding's own message and the law's text stay Swedish.
    assert "Budgeten för 2027 är inte fastställd" in page
    assert "Styrelsen ska varje år fastställa en budget" in page


@pytest.mark.django_db
def test_the_regelkontroll_page_stays_swedish_by_default(exempel, persona_client):
    page = persona_client("member").get(EX, LATE).content.decode()
    assert "<strong>Budgeten fastställd senast 30 november</strong>" in page
    assert "Fastställ budgeten snarast och registrera beslutsdatumet." in page
    assert "Budget adopted by 30 November" not in page


@pytest.mark.django_db
def test_the_findings_on_a_subjects_page_are_in_english(exempel, persona_client, monkeypatch):
    from samordna.checks import onpage

    monkeypatch.setattr(onpage, "today", lambda: datetime.date(2026, 12, 20))
    client = _switch_to_english(persona_client("office"))
    page = client.get("/f/ex/budget/2027/").content.decode()
    assert "Budget adopted by 30 November" in page
    assert "Adopt the budget as soon as possible and register the date of the decision." in page


@pytest.mark.django_db
def test_the_national_rule_filter_is_in_english(persona_client):
    page = _switch_to_english(persona_client("national")).get("/nationell/").content.decode()
    assert ">budget-deadline – Budget adopted by 30 November</option>" in page
    assert "Budgeten fastställd senast 30 november" not in page
