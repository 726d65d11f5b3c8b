"""Calendar helpers shared by the rules, the views and the exchange code."""

import calendar
import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def today() -> datetime.date:
    """Today's date in Stockholm, whatever the server's zone."""
    return datetime.datetime.now(STOCKHOLM).date()


def parse_month_day(value: str) -> tuple[int, int]:
    month, day = (int(part) for part in value.split("-"))
    datetime.date(2000, month, day)  # a leap year, so 02-29 is allowed; raises on nonsense
    return month, day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months: 31 Jan + 1 month is the last day of February (as dateutil's relativedelta, which
    the tests compare with; this is the rule engine's hot path, about 20 times faster)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# The dates the product accepts anywhere a user or a file names one (a form, ?datum=, the CLI): outside
# these the rules' calendar arithmetic (and Python's date range near year 1 and 9999) is meaningless.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2200, 12, 31)


def in_range(day: datetime.date) -> bool:
    return MIN_DATE <= day <= MAX_DATE
