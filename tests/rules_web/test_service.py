"""The service between the database and the rule engine: findings, counts and groupings."""

import datetime

import pytest

from samordna.arshjul.services import new_ics_token
from samordna.checks import grouping as service
from samordna.rules.engine import Finding, check_document
from tests.conftest import TODAY
from tests.rules_web.conftest import CLEAN_DAY, LATE_DAY, exempel_document

pytestmark = pytest.mark.django_db


def test_it_judges_the_database_as_the_engine_judges_the_imported_document(exempel):
    for day in (CLEAN_DAY, LATE_DAY):
        from_db = [f.as_json() for f in service.findings_for(["ex"], day)]
        from_file = [f.as_json() for f in check_document(exempel_document(), day)]
        assert from_db == from_file


def test_it_checks_every_forbund_when_none_is_named(exempel):
    # The example has findings from LATE_DAY on, the demo (built for TODAY) from TODAY on.
    found = service.findings_for(None, max(LATE_DAY, TODAY))
    assert {"ex", "sf-vastra-vastmanland", "sf-uppsala-norra"} <= {f.forbund for f in found}


def test_it_counts_findings_per_forbund_and_level():
    found = [
        Finding("budget-deadline", "error", "a", "Budget 2027", "m", "s"),
        Finding("insats-reports", "warning", "a", "Insats X", "m", "s"),
        Finding("insats-reports", "warning", "b", "Insats Y", "m", "s"),
    ]
    assert service.counts_by_forbund(found) == {
        "a": {"error": 1, "warning": 1, "info": 0}, "b": {"error": 0, "warning": 1, "info": 0},
    }
    assert service.counts_by_forbund(found, "budget-deadline") == {"a": {"error": 1, "warning": 0, "info": 0}}
    assert service.level_counts(found) == {"error": 1, "warning": 2, "info": 0}
    assert service.has_errors(found) and not service.has_errors(found[1:])


def test_it_groups_by_level_then_area_with_the_age_of_each_finding():
    day = datetime.date(2026, 12, 20)
    found = [
        Finding("insats-reports", "warning", "a", "Insats X", "m", "s", "insats", "x", datetime.date(2026, 8, 15)),
        Finding("budget-deadline", "error", "a", "Budget 2027", "m", "s", "budget", "2027",
                datetime.date(2026, 12, 1)),
    ]
    groups = service.group_findings(found, "a", day)
    assert [(g.level, g.count) for g in groups] == [("error", 1), ("warning", 1)]
    assert [a.area for a in groups[0].areas] == ["finance"]
    assert groups[0].areas[0].findings[0].days == 19
    assert groups[0].areas[0].findings[0].rule.title


def test_it_links_members_and_mandates_but_not_subjects_without_a_page(demo):
    day = datetime.date(2026, 1, 1)
    mandate = Finding("board-term-length", "warning", "x", "s", "m", "src", "mandate", "1")
    assert service.subject_url("x", mandate, day) == "/f/x/styrelse/?datum=2026-01-01"
    composition = Finding("members-composition", "error", "x", "s", "m", "src", "forbund")
    assert service.subject_url("x", composition, day) == "/f/x/medlemmar/"
    contribution = Finding("contribution-split", "error", "x", "s", "m", "src", "budget", "2026")
    url = service.subject_url("x", contribution, day)
    assert url is None or url.startswith("/f/x/")


def test_it_makes_a_new_feed_token_each_time(demo):
    forbund = demo["sf-vastra-vastmanland"]
    first = new_ics_token(forbund)
    second = new_ics_token(forbund)
    forbund.refresh_from_db()
    assert len(first) >= 40 and first != second and forbund.ics_token == second


def test_it_reuses_the_national_check_for_the_same_day(exempel, django_assert_max_num_queries):
    first = service.national_findings(LATE_DAY)
    # no time-based cache: stored findings, valid while the förbund's versions are current (3 queries)
    with django_assert_max_num_queries(3):
        assert service.national_findings(LATE_DAY) == first
