"""The appeal period of an anslag (lag 1930:173 om beräkning av lagstadgad tid), with real calendar dates."""

import datetime

import pytest

from samordna.rules import deadlines
from samordna.rules.deadlines import anslag_down_day, appeal_last_day, is_nonworking_day, post_no_later

D = datetime.date


@pytest.mark.parametrize(("posted", "plain_end", "last_day", "why"), [
    # Three weeks after 29 May 2026 is Friday 19 June, midsommarafton; Saturday is midsommardagen.
    (D(2026, 5, 29), D(2026, 6, 19), D(2026, 6, 22), "midsommarafton"),
    # 24 December 2026 is a Thursday (julafton), then juldagen, annandag jul and a Sunday.
    (D(2026, 12, 3), D(2026, 12, 24), D(2026, 12, 28), "julafton"),
    # 31 December 2026 is a Thursday (nyårsafton), then nyårsdagen and a weekend.
    (D(2026, 12, 10), D(2026, 12, 31), D(2027, 1, 4), "nyårsafton"),
    # Sunday 15 March 2026: the Monday after.
    (D(2026, 2, 22), D(2026, 3, 15), D(2026, 3, 16), "a Sunday"),
    # Saturday 14 March 2026: over the Sunday to the Monday.
    (D(2026, 2, 21), D(2026, 3, 14), D(2026, 3, 16), "a Saturday"),
    # Annandag påsk, Monday 6 April 2026.
    (D(2026, 3, 16), D(2026, 4, 6), D(2026, 4, 7), "Easter Monday"),
    # Långfredagen 3 April 2026, then påskafton (a Saturday), påskdagen and annandag påsk.
    (D(2026, 3, 13), D(2026, 4, 3), D(2026, 4, 7), "Good Friday"),
    # Midsommarafton 2025 is Friday 20 June.
    (D(2025, 5, 30), D(2025, 6, 20), D(2025, 6, 23), "midsommarafton 2025"),
    # An ordinary Tuesday stays.
    (D(2026, 5, 26), D(2026, 6, 16), D(2026, 6, 16), "an ordinary Tuesday"),
])
def test_the_last_day_to_appeal_is_three_weeks_after_posting_moved_past_days_off(posted, plain_end, last_day, why):
    assert posted + datetime.timedelta(weeks=3) == plain_end
    assert appeal_last_day(posted) == last_day, why


def test_the_eves_the_law_names_are_days_off_and_other_eves_are_not():
    assert is_nonworking_day(D(2026, 6, 19))  # midsommarafton
    assert is_nonworking_day(D(2026, 12, 24)) and is_nonworking_day(D(2026, 12, 31))
    assert is_nonworking_day(D(2026, 6, 6))  # nationaldagen (a Saturday in 2026)
    assert is_nonworking_day(D(2027, 6, 7)) is False  # an ordinary Monday
    assert is_nonworking_day(D(2027, 4, 30)) is False  # valborgsmässoafton: a working day
    assert is_nonworking_day(D(2025, 6, 6))  # nationaldagen on a Friday
    assert is_nonworking_day(D(2026, 1, 5)) is False  # trettondagsafton: a working day


def test_the_anslag_comes_down_the_day_after_the_appeal_period():
    assert anslag_down_day(D(2026, 12, 3)) == D(2026, 12, 29)
    assert anslag_down_day(D(2026, 5, 26)) == D(2026, 6, 17)


def test_the_anslag_is_posted_no_later_than_the_second_day_after_justering():
    assert post_no_later(D(2026, 3, 12)) == D(2026, 3, 14)
    assert post_no_later(D(2026, 12, 30)) == D(2027, 1, 1)


def test_it_stays_pure():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(deadlines))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name.startswith("django") for name in imported)
