"""Calendar months as the rules count them: the same as dateutil's relativedelta, on every kind of day."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from samordna.lib.dates import add_months


@pytest.mark.parametrize("months", [-25, -13, -12, -1, 0, 1, 2, 3, 6, 11, 12, 13, 24, 37])
def test_it_adds_calendar_months_as_relativedelta_does(months):
    day = datetime.date(2023, 1, 1)
    while day < datetime.date(2025, 1, 1):  # a leap year and two others, every day
        assert add_months(day, months) == day + relativedelta(months=months), (day, months)
        day += datetime.timedelta(days=1)


def test_it_ends_on_the_last_day_of_a_shorter_month():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 8, 31), 3) == datetime.date(2025, 11, 30)
    assert add_months(datetime.date(2025, 3, 31), -1) == datetime.date(2025, 2, 28)
