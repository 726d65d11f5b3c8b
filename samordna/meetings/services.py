"""State changes of meetings, their items, attendance, jäv, decisions, votes, reservations and minutes.

The import (`samordna import`, the demo) and the Django admin write through the shared mechanism
(samordna/lib/services.py: one named action per import or admin form). The product's pages call the
functions below: one function per change (`@services.service`, preconditions raising a Swedish
`DomainError` naming the form field at fault, one named action, `services.save`/`services.remove`);
`tests/test_write_path.py` fails for a write anywhere else.

Planning (this block): a meeting is created with the standard opening items as a template, edited and
removed while it has no minutes; its agenda (föredragningslista) is built from the diarium's open matters
or free items, ordered and numbered. § numbers run on through the calendar year (PRACTICE.md §1: "§ 84"
in December): a meeting's first item follows the highest number of the förbund's earlier meetings that
year. A meeting whose protokoll is adjusted is frozen (`_ensure_open`).
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.lib import services
from samordna.lib.dates import MAX_DATE, MIN_DATE, in_range, today
from samordna.lib.services import DomainError

from .models import Decision, Item, ItemKind, Meeting, MeetingKind, Minutes

# Planning -------------------------------------------------------------------------------------------------

# The standard opening items (PRACTICE.md §1, Sydnärke 2016-12-16 §§ 84–87), in order: (title, kind).
OPENING_ITEMS = (
    (gettext_lazy("Mötets öppnande"), ItemKind.INFORMATION),
    (gettext_lazy("Godkännande av dagordningen"), ItemKind.DECISION),
    (gettext_lazy("Val av protokollsjusterare samt tid och plats för justering"), ItemKind.ELECTION),
    (gettext_lazy("Föregående protokoll"), ItemKind.INFORMATION),
)
# The kinds of item an agenda is planned with (delegation decisions are reported as information).
PLANNED_KINDS = (ItemKind.DECISION, ItemKind.INFORMATION, ItemKind.ELECTION)
MEETING_FIELDS = ("date", "start_time", "place", "remote_allowed", "kind")
ITEM_FIELDS = ("title", "kind", "proposal", "presenter")


def _json(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _ensure_open(meeting: Meeting) -> None:
    """Refuse changes to a meeting whose protokoll is adjusted (its data is frozen)."""
    minutes = Minutes.objects.filter(meeting=meeting).only("adjusted").first() if meeting.pk else None
    if minutes is not None and minutes.adjusted:
        raise DomainError(
            _("Protokollet för sammanträdet %(date)s är justerat: sammanträdet kan inte längre ändras. En rättelse "
              "blir ett nytt beslut vid ett senare sammanträde.") % {"date": meeting.date.isoformat()},
            code="frozen",
        )


def _check_meeting(meeting: Meeting) -> None:
    if not isinstance(meeting.date, datetime.date):
        raise DomainError(_("Ange sammanträdets datum."), field="date")
    if not in_range(meeting.date):
        raise DomainError(
            _("Ange ett datum mellan %(min)s och %(max)s.") % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            field="date",
        )
    if meeting.kind not in MeetingKind.values:
        raise DomainError(_("Välj ordinarie eller extra sammanträde."), field="kind")
    if meeting.start_time is not None and not isinstance(meeting.start_time, datetime.time):
        raise DomainError(_("Ange klockslaget som tt:mm, t.ex. 13:00."), field="start_time")
    meeting.place = (meeting.place or "").strip()
    if len(meeting.place) > Meeting._meta.get_field("place").max_length:
        raise DomainError(_("Platsen får vara högst 200 tecken."), field="place")


def _new_meeting_id(forbund, date: datetime.date) -> str:
    base = f"{forbund.slug}-m-{date.isoformat()}"[:95]
    taken = set(Meeting.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _new_item_id(meeting: Meeting) -> str:
    base = meeting.external_id[:90]
    taken = set(Item.objects.filter(external_id__startswith=f"{base}-p").values_list("external_id", flat=True))
    n = Item.objects.filter(meeting=meeting).count() + 1
    while f"{base}-p{n}" in taken:
        n += 1
    return f"{base}-p{n}"


def _year_meetings(forbund, year: int) -> list[Meeting]:
    """The förbund's meetings of a year in the order their § numbers run (date, then creation)."""
    return list(Meeting.objects.filter(forbund=forbund, date__year=year).select_related("minutes")
                .order_by("date", "pk"))


def _is_frozen(meeting: Meeting) -> bool:
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    return bool(minutes is not None and minutes.adjusted)


def _before(a: Meeting, b: Meeting) -> bool:
    return (a.date, a.pk) < (b.date, b.pk)


def first_number(meeting: Meeting) -> int:
    """The § number the meeting's first item gets: one past the highest number of the förbund's items in its
    earlier meetings of the same calendar year."""
    earlier = [m.pk for m in _year_meetings(meeting.forbund, meeting.date.year) if _before(m, meeting)]
    highest = Item.objects.filter(meeting__in=earlier).aggregate(n=Max("number"))["n"] if earlier else None
    return (highest or 0) + 1


def next_number(meeting: Meeting) -> int:
    """The § number an item added to the meeting gets (at the end of its agenda)."""
    highest = Item.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"]
    return highest + 1 if highest is not None else first_number(meeting)


def agenda(meeting: Meeting) -> list[Item]:
    """The meeting's items in agenda order (unnumbered ones last, in the order they were added)."""
    items = list(Item.objects.filter(meeting=meeting))
    return sorted(items, key=lambda i: (i.number is None, i.number or 0, i.pk))


def _number(items: list[Item], start: int) -> None:
    """Give the items the numbers start, start + 1, … in their order, saving those that change."""
    for offset, item in enumerate(items):
        if item.number != start + offset:
            item.number = start + offset
            services.save(item, clean=False)


def _renumber(meeting: Meeting, items: list[Item] | None = None, *, start: int | None = None) -> int | None:
    """Number the meeting's items consecutively (from their lowest number, or its first number) in
    `items`' order; then the meetings after it that year run on where they would collide. Returns the
    highest number."""
    items = agenda(meeting) if items is None else items
    if start is None:
        numbers = [i.number for i in items if i.number is not None]
        start = min(numbers) if numbers else first_number(meeting)
    _number(items, start)
    last = start + len(items) - 1 if items else start - 1
    _run_on(meeting, last)
    return last if items else None


def _run_on(meeting: Meeting, last: int) -> None:
    """The later meetings of the year that are still open continue after `last` where their numbers would
    otherwise repeat an earlier meeting's; an adjusted meeting keeps its numbers."""
    for later in _year_meetings(meeting.forbund, meeting.date.year):
        if not _before(meeting, later):
            continue
        items = agenda(later)
        numbers = [i.number for i in items if i.number is not None]
        if not numbers:
            continue
        if _is_frozen(later) or min(numbers) > last:
            return
        _number(items, last + 1)
        last = last + len(items)


@services.service
def create_meeting(forbund, *, user, date: datetime.date, start_time: datetime.time | None = None,
                   place: str = "", remote_allowed: bool = False, kind: str = MeetingKind.ORDINARY,
                   with_opening_items: bool = True) -> Meeting:
    """A new meeting (sammanträde), with the standard opening items numbered on from the year's last §."""
    meeting = Meeting(forbund=forbund, date=date, start_time=start_time, place=place,
                      remote_allowed=bool(remote_allowed), kind=kind)
    _check_meeting(meeting)
    meeting.external_id = _new_meeting_id(forbund, date)
    data = {f: _json(getattr(meeting, f)) for f in MEETING_FIELDS}
    data["opening_items"] = bool(with_opening_items)
    with services.action("meeting.created", user=user, forbund=forbund, obj=meeting, data=data) as record:
        services.save(meeting)
        services.set_object(record, meeting)
        if with_opening_items:
            start = first_number(meeting)
            for offset, (title, item_kind) in enumerate(OPENING_ITEMS):
                item = Item(forbund=forbund, meeting=meeting, external_id=_new_item_id(meeting),
                            number=start + offset, title=str(title), kind=item_kind)
                services.save(item)
            _run_on(meeting, start + len(OPENING_ITEMS) - 1)
    return meeting


@services.service
def change_meeting(meeting: Meeting, *, user, **changes) -> Meeting:
    """Change a planned meeting's date, time, place, remote attendance or kind. Moved to another year or
    past another meeting of the year, its items are numbered again where it now stands."""
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _ensure_open(meeting)
    old_date = meeting.date
    old_first = first_number(meeting) if "date" in changes else None
    for name, value in changes.items():
        setattr(meeting, name, value)
    _check_meeting(meeting)
    with services.action("meeting.changed", user=user, forbund=meeting.forbund, obj=meeting,
                         data={k: _json(v) for k, v in changes.items()}):
        services.save(meeting)
        if "date" in changes and meeting.date != old_date:
            start = first_number(meeting)
            if start != old_first or meeting.date.year != old_date.year:
                _renumber(meeting, start=start)
    return meeting


def removal_problem(meeting: Meeting) -> str | None:
    """Why the meeting may not be removed (it has minutes or recorded decisions), or None."""
    if Minutes.objects.filter(meeting=meeting).exists():
        return _("Sammanträdet har ett protokoll och kan inte tas bort.")
    if Decision.objects.filter(item__meeting=meeting).exists():
        return _("Sammanträdet har registrerade beslut och kan inte tas bort.")
    return None


@services.service
def remove_meeting(meeting: Meeting, *, user) -> None:
    """Remove (cancel) a meeting with its agenda, only while it has no minutes and no decisions. Its matters
    stay open in the diarium."""
    problem = removal_problem(meeting)
    if problem:
        raise DomainError(problem, code="has_minutes")
    with services.action("meeting.removed", user=user, forbund=meeting.forbund, obj=meeting,
                         data={"date": meeting.date.isoformat()}):
        services.remove(meeting)


@services.service
def record_notice_sent(meeting: Meeting, *, user, day: datetime.date) -> Meeting:
    """Record the day the kallelse was sent (the e-mail itself is sent by the kallelse service)."""
    _ensure_open(meeting)
    if not isinstance(day, datetime.date) or not in_range(day):
        raise DomainError(
            _("Ange ett datum mellan %(min)s och %(max)s.") % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            field="notice_sent",
        )
    if day > meeting.date:
        raise DomainError(_("Kallelsen kan inte ha skickats efter sammanträdet (%(date)s).")
                          % {"date": meeting.date.isoformat()}, field="notice_sent")
    if day > today():
        raise DomainError(_("Kallelsen kan inte markeras som skickad ett datum som inte har kommit än."),
                          field="notice_sent")
    with services.action("meeting.notice_sent", user=user, forbund=meeting.forbund, obj=meeting,
                         data={"notice_sent": day.isoformat()}):
        meeting.notice_sent = day
        services.save(meeting)
    return meeting


def _check_item(item: Item) -> None:
    item.title = (item.title or "").strip()
    if not item.title:
        raise DomainError(_("Ange en rubrik för ärendet."), field="title")
    if item.kind not in ItemKind.values:
        raise DomainError(_("Välj om ärendet är ett beslutsärende eller ett informationsärende."), field="kind")
    item.proposal = (item.proposal or "").strip()
    if item.presenter_id is not None:
        from samordna.organisations.models import Person

        if not Person.objects.of_forbund(item.forbund).filter(pk=item.presenter_id).exists():
            raise DomainError(_("Föredraganden hör inte till förbundet."), field="presenter")


@services.service
def add_item(meeting: Meeting, *, user, title: str = "", kind: str = ItemKind.DECISION, proposal: str = "",
             presenter=None, matter=None) -> Item:
    """Add an item at the end of the agenda, free or from an open matter of the diarium (its title by
    default the matter's). A matter referred back or tabled stays open and can come back to a later
    meeting; the same matter twice on one agenda is refused."""
    _ensure_open(meeting)
    if matter is not None:
        from samordna.diarium.models import MatterStatus

        if matter.forbund_id != meeting.forbund_id:
            raise DomainError(_("Ärendet hör inte till förbundet."), field="matter")
        if matter.status != MatterStatus.OPEN:
            raise DomainError(_("Ärendet %(dnr)s är avslutat och kan inte tas upp.") % {"dnr": matter.dnr},
                              field="matter")
        if Item.objects.filter(meeting=meeting, matter=matter).exists():
            raise DomainError(_("Ärendet %(dnr)s finns redan på föredragningslistan.") % {"dnr": matter.dnr},
                              field="matter")
        title = (title or "").strip() or matter.title
    item = Item(forbund=meeting.forbund, meeting=meeting, title=title, kind=kind, proposal=proposal or "",
                presenter=presenter, matter=matter)
    _check_item(item)
    item.external_id = _new_item_id(meeting)
    item.number = next_number(meeting)
    data = {"meeting": meeting.external_id, "number": item.number, "title": item.title, "kind": item.kind,
            "matter": matter.dnr if matter is not None else None}
    with services.action("item.added", user=user, forbund=meeting.forbund, obj=item, data=data) as record:
        services.save(item)
        services.set_object(record, item)
        _run_on(meeting, item.number)
    return item


@services.service
def change_item(item: Item, *, user, **changes) -> Item:
    """Change an item's title, kind, förslag till beslut or presenter."""
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _ensure_open(item.meeting)
    for name, value in changes.items():
        setattr(item, name, value)
    _check_item(item)
    with services.action("item.changed", user=user, forbund=item.forbund, obj=item,
                         data={k: _json(v) for k, v in changes.items()}):
        services.save(item)
    return item


@services.service
def move_item(item: Item, *, user, direction: str) -> Item:
    """Move an item one place up or down the agenda; the items are numbered again in their new order."""
    if direction not in ("up", "down"):
        raise DomainError(_("Välj upp eller ned."), field="direction")
    meeting = item.meeting
    _ensure_open(meeting)
    items = agenda(meeting)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        raise DomainError(_("Ärendet står redan först.") if direction == "up" else _("Ärendet står redan sist."),
                          field="direction")
    numbers = [i.number for i in items if i.number is not None]
    start = min(numbers) if numbers else first_number(meeting)
    items[index], items[target] = items[target], items[index]
    with services.action("item.moved", user=user, forbund=item.forbund, obj=item,
                         data={"direction": direction, "from": start + index, "to": start + target}):
        _renumber(meeting, items, start=start)
    item.number = start + target
    return item


@services.service
def remove_item(item: Item, *, user) -> None:
    """Remove an item from the agenda (before it is decided); the items after it move up a number."""
    meeting = item.meeting
    _ensure_open(meeting)
    if Decision.objects.filter(item=item).exists():
        raise DomainError(_("Paragrafen har ett registrerat beslut och kan inte tas bort."))
    items = agenda(meeting)
    numbers = [i.number for i in items if i.number is not None]
    start = min(numbers) if numbers else first_number(meeting)
    rest = [i for i in items if i.pk != item.pk]  # before the delete clears item.pk
    with services.action("item.removed", user=user, forbund=item.forbund, obj=item,
                         data={"meeting": meeting.external_id, "number": item.number, "title": item.title}):
        services.remove(item)
        _renumber(meeting, rest, start=start)


def register_planning_sentences() -> None:
    """How the Händelselogg says the planning actions."""
    from samordna.lib import audit

    for name, sentence in {
        "meeting.created": gettext_lazy("Sammanträdet %(date)s planerades av %(who)s"),
        "meeting.changed": gettext_lazy("%(object)s ändrades av %(who)s"),
        "meeting.removed": gettext_lazy("Sammanträdet %(date)s togs bort av %(who)s"),
        "meeting.notice_sent": gettext_lazy("Kallelsen till %(object)s markerades som skickad %(notice_sent)s av %(who)s"),
        "item.added": gettext_lazy("§ %(number)s %(title)s lades till på föredragningslistan av %(who)s"),
        "item.changed": gettext_lazy("%(object)s ändrades av %(who)s"),
        "item.moved": gettext_lazy("%(object)s flyttades från § %(from)s av %(who)s"),
        "item.removed": gettext_lazy("§ %(number)s %(title)s togs bort från föredragningslistan av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)
