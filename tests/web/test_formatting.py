"""Swedish formatting in templates: kronor with space-grouped thousands, dates the Swedish way."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from samordna.web.templatetags.samordna import datum, kr

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "expected"), [
    (1234567, "1 234 567 kr"),
    (0, "0 kr"),
    (999, "999 kr"),
    (1000, "1 000 kr"),
    (Decimal("2500000.49"), "2 500 000 kr"),
    (Decimal("2500000.50"), "2 500 001 kr"),  # rounds half up, not to even
    (-45000, "\u221245 000 kr"),
    ("1234567", "1 234 567 kr"),
])
def test_it_formats_kronor(value, expected):
    assert kr(value) == expected.replace(" ", NBSP)


def test_it_formats_oren_when_asked():
    assert kr(Decimal("1234.5"), 2) == f"1{NBSP}234,50{NBSP}kr"


def test_it_leaves_empty_and_non_numbers_alone():
    assert kr(None) == ""
    assert kr("") == ""
    assert kr("okänt") == "okänt"


def test_it_formats_dates_in_swedish_and_iso():
    day = datetime.date(2025, 3, 12)
    with translation.override("sv"):
        assert datum(day) == "12 mars 2025"
    with translation.override("en"):
        assert datum(day) == "12 March 2025"
    assert datum(day, "iso") == "2025-03-12"
    assert datum(None) == ""


def test_it_shows_a_stored_utc_time_on_the_stockholm_date():
    late = datetime.datetime(2025, 3, 11, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 12th in Stockholm
    with translation.override("sv"):
        assert datum(late) == "12 mars 2025"


def test_it_works_in_a_template():
    template = Template("{% load samordna %}{{ amount|kr }} den {{ day|datum }}")
    with translation.override("sv"):
        html = template.render(Context({"amount": 1234567, "day": datetime.date(2025, 3, 12)}))
    assert html == f"1{NBSP}234{NBSP}567{NBSP}kr den 12 mars 2025"
