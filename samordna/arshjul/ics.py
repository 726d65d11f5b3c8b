"""The årshjul as an iCalendar feed (RFC 5545): all-day events with UIDs that stay the same between fetches."""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from samordna.arshjul.calendar import Event

# Calendar apps fetch the feed without a session, so it has one language for every subscriber: build the
# events under translation.override(FEED_LANGUAGE) too.
FEED_LANGUAGE = "sv"

ONE_DAY = datetime.timedelta(days=1)


def uid(slug: str, event: Event) -> str:
    """'budget-2027@sf-exempel.samordna': the event's own key within the förbund, so a client updates it."""
    return f"{event.uid}@{slug}.samordna"


def calendar_ics(slug: str, name: str, found: list[Event], stamp: datetime.datetime) -> bytes:
    """A VCALENDAR of the events, labelled in FEED_LANGUAGE; `stamp` (aware) is the DTSTAMP of every event."""
    with translation.override(FEED_LANGUAGE):
        cal = Calendar()
        cal.add("prodid", "-//Samordna//Årshjul//SV")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Årshjul – %(name)s") % {"name": name})
        cal.add("x-wr-timezone", "Europe/Stockholm")
        for event in found:
            vevent = VEvent()
            vevent.add("uid", uid(slug, event))
            vevent.add("dtstamp", stamp.astimezone(datetime.UTC))
            # A date (not a datetime) gives DTSTART;VALUE=DATE: an all-day event; DTEND is exclusive.
            vevent.add("dtstart", event.date)
            vevent.add("dtend", (event.end or event.date) + ONE_DAY)
            vevent.add("summary", event.title)
            vevent.add("description", event.description)
            vevent.add("categories", [_("Frist") if event.is_deadline else _("Händelse"), event.kind])
            vevent.add("transp", "TRANSPARENT")
            cal.add_component(vevent)
        return cal.to_ical()
