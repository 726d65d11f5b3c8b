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

from .models import (
    Attendance,
    Capacity,
    Decision,
    Item,
    ItemKind,
    ItemSubstitute,
    Meeting,
    MeetingKind,
    Minutes,
    Motion,
    Outcome,
    Presence,
    ProtocolNote,
    Recusal,
    Reservation,
    Vote,
    VoteChoice,
)

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
ITEM_FIELDS = ("title", "kind", "proposal", "presenter", "major")


def _json(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _ensure_open(meeting: Meeting) -> None:
    """Refuse changes to a meeting whose protokoll is adjusted (its data is frozen: samordna.protokoll.freeze)."""
    from samordna.protokoll.freeze import ensure_not_adjusted

    if meeting.pk:
        ensure_not_adjusted(meeting)


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


@services.service
def send_notice(meeting: Meeting, *, user, day: datetime.date | None = None):
    """Send the kallelse (PRACTICE.md §1): to every ledamot and ersättare with a mandate on the meeting date
    and to the förbundschef, as e-mail text with the agenda, the proposals and links to the documents (never
    a secret one), and as a PDF. The e-mails are queued in this transaction (samordna.mail) and sent by the
    worker. The notice date is the day of the first kallelse; a kallelse sent again (an amended agenda)
    keeps it. Returns the queued message (its `without_address`: recipients with no e-mail address)."""
    from samordna.mail.services import queue

    from . import kallelse

    _ensure_open(meeting)
    day = day or today()
    if day > meeting.date:
        raise DomainError(_("Sammanträdet %(date)s har redan varit; kallelsen kan inte skickas.")
                          % {"date": meeting.date.isoformat()}, field="notice_sent")
    if not meeting.items.exists():
        raise DomainError(_("Föredragningslistan är tom: lägg till ärenden innan kallelsen skickas."), field="items")
    recipients = kallelse.recipients(meeting)
    if not recipients:
        raise DomainError(_("Ingen ledamot, ersättare eller förbundschef har uppdrag på sammanträdets datum."),
                          field="recipients")
    ctx = kallelse.context(meeting)
    again = meeting.notice_sent is not None
    with services.action("meeting.notice_emailed", user=user, forbund=meeting.forbund, obj=meeting,
                         data={"day": day.isoformat(), "again": again, "recipients": len(recipients)}):
        if not again:
            meeting.notice_sent = day
            services.save(meeting)
        message = queue(
            subject=kallelse.subject(meeting), body=kallelse.text(meeting, ctx), recipients=recipients,
            forbund=meeting.forbund, kind="kallelse", about=(str(meeting), ctx["url"]),
            attachments=[(f"kallelse-{meeting.date.isoformat()}.pdf", kallelse.pdf(meeting, ctx, day=day),
                          "application/pdf")],
        )
    return message


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
             presenter=None, matter=None, major: bool = False) -> Item:
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
                presenter=presenter, matter=matter, major=bool(major))
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
        "meeting.notice_emailed": gettext_lazy("Kallelsen till %(object)s skickades med e-post av %(who)s"),
        "meeting.notice_sent": gettext_lazy("Kallelsen till %(object)s markerades som skickad %(notice_sent)s av %(who)s"),
        "item.added": gettext_lazy("§ %(number)s %(title)s lades till på föredragningslistan av %(who)s"),
        "item.changed": gettext_lazy("%(object)s ändrades av %(who)s"),
        "item.moved": gettext_lazy("%(object)s flyttades från § %(from)s av %(who)s"),
        "item.removed": gettext_lazy("§ %(number)s %(title)s togs bort från föredragningslistan av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)


# Conduct ------------------------------------------------------------------------------------------------
# At the meeting: attendance, serving ersättare, jäv, yrkanden, propositionsordning, votes, reservations,
# protokollsanteckningar, decisions and omedelbar justering. Who may vote, quorum and what the votes decide
# are the rule engine's (samordna.rules.meetings: item_state, vote_result, substitute_proposals), read
# from the one export of the meeting (samordna.exchange.exporter.export_meeting), so that the page, these
# refusals and the rule findings never disagree.

# Outcomes the board decides itself, which need a quorate board (the rule meeting-quorum judges the same).
CONDUCT_QUORUM_OUTCOMES = frozenset({"approved", "rejected", "elected", "referred_back", "tabled"})
# A matter decided with these comes back to a later meeting: its diarium matter stays open.
RETURNING_OUTCOMES = frozenset({"referred_back", "tabled"})


def meeting_state(meeting: Meeting):
    """The rule engine's view of the meeting as it stands now (rules.meetings.MeetingState)."""
    from samordna.exchange.exporter import export_meeting
    from samordna.rules.meetings import meeting_state as state

    return state(export_meeting(meeting), meeting.external_id)


def _pid(person) -> str:
    return person.external_id


def _attendance_row(meeting: Meeting, person) -> Attendance | None:
    return Attendance.objects.filter(meeting=meeting, person=person).first()


def _item_state(item: Item):
    return meeting_state(item.meeting).items[item.external_id]


def _paragraph_number(value, field: str):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise DomainError(_("Ange ett paragrafnummer (ett heltal)."), field=field)
    return number


def _capacity_on(meeting: Meeting, person) -> str:
    from samordna.organisations.models import Mandate

    roles = set(Mandate.objects.filter(forbund_id=meeting.forbund_id, person=person).active_on(meeting.date)
                .values_list("role", flat=True))
    for role in (Capacity.LEDAMOT, Capacity.ERSATTARE, Capacity.FORBUNDSCHEF):
        if role in roles:
            return role
    return Capacity.OTHER


@services.service
def record_attendance(meeting: Meeting, person, presence: str, *, user, capacity: str | None = None,
                      arrives_at_item=None, leaves_at_item=None) -> Attendance:
    """Record one person as present, remote or absent (with "anländer § N" / "lämnar efter § M"). The
    capacity is taken from the person's mandate on the meeting date unless given. An absent person's serving
    ends."""
    _ensure_open(meeting)
    if presence not in Presence.values:
        raise DomainError(_("Välj närvarande, på distans eller frånvarande."), field="presence")
    if capacity is not None and capacity not in Capacity.values:
        raise DomainError(_("Välj en egenskap i listan."), field="capacity")
    arrives, leaves = _paragraph_number(arrives_at_item, "arrives_at_item"), _paragraph_number(leaves_at_item, "leaves_at_item")
    if presence == Presence.ABSENT:
        arrives = leaves = None
    if arrives is not None and leaves is not None and leaves < arrives:
        raise DomainError(_("Personen kan inte lämna före den paragraf där hen anländer."), field="leaves_at_item")
    row = _attendance_row(meeting, person)
    if presence == Presence.REMOTE and not meeting.remote_allowed and not (row and row.remote):
        raise DomainError(_("Sammanträdet tillåter inte deltagande på distans (se kallelsen)."), field="presence")
    if row is None:
        row = Attendance(meeting=meeting, forbund_id=meeting.forbund_id, person=person)
    row.capacity = capacity or row.capacity or _capacity_on(meeting, person)
    row.presence, row.remote = presence, presence == Presence.REMOTE
    row.arrives_at_item, row.leaves_at_item = arrives, leaves
    if presence == Presence.ABSENT:
        row.serving, row.replaces, row.serving_from_item, row.serving_to_item = False, None, None, None
    data = {"person": _pid(person), "presence": presence, "capacity": row.capacity,
            "arrives_at_item": arrives, "leaves_at_item": leaves}
    with services.action("attendance.recorded", user=user, forbund=meeting.forbund, obj=row, data=data) as record:
        services.save(row)
        services.set_object(record, row)
    return row


def propose_substitutes(meeting: Meeting) -> list[dict]:
    """For each ledamot not at the meeting, the ersättare of the same member who are present and not
    serving, in call-in order (rules.meetings.substitute_proposals), as persons: a list of
    {"ledamot": Person, "candidates": [Person], "served_by": [Person]}."""
    from samordna.organisations.models import Person

    proposals = meeting_state(meeting).proposals
    ids = {p.ledamot for p in proposals} | {c for p in proposals for c in (*p.candidates, *p.served_by)}
    persons = {p.external_id: p for p in Person.objects.filter(external_id__in=ids)}
    return [{"ledamot": persons[p.ledamot], "member": p.member,
             "candidates": [persons[c] for c in p.candidates], "served_by": [persons[c] for c in p.served_by]}
            for p in proposals]


@services.service
def set_serving(attendance: Attendance, replaces, from_item=None, to_item=None, *, user) -> Attendance:
    """An ersättare present serves in place of an absent ledamot of the same member, for the whole meeting
    or for §§ from_item–to_item (FinsamL 12 §). `replaces=None` ends the serving."""
    meeting = attendance.meeting
    _ensure_open(meeting)
    first, last = _paragraph_number(from_item, "serving_from_item"), _paragraph_number(to_item, "serving_to_item")
    if replaces is None:
        first = last = None
    elif first is not None and last is not None and last < first:
        raise DomainError(_("Tjänstgöringen kan inte sluta före den paragraf där den börjar."), field="serving_to_item")
    if replaces is not None:
        state = meeting_state(meeting)
        board, who = state.board, _pid(attendance.person)
        deputy = board.holds(who, "ersattare")
        if deputy is None or attendance.capacity != Capacity.ERSATTARE:
            raise DomainError(_("%(name)s är inte ersättare i styrelsen på sammanträdesdagen.")
                              % {"name": attendance.person.name}, field="replaces")
        if attendance.presence == Presence.ABSENT:
            raise DomainError(_("%(name)s är inte närvarande och kan inte tjänstgöra.")
                              % {"name": attendance.person.name}, field="replaces")
        ledamot = board.holds(_pid(replaces), "ledamot")
        if ledamot is None:
            raise DomainError(_("%(name)s är inte ledamot på sammanträdesdagen.") % {"name": replaces.name},
                              field="replaces")
        if not set(ledamot.appointed_by) & set(deputy.appointed_by):
            raise DomainError(_("%(deputy)s kan bara ersätta en ledamot som utsetts av samma medlem; %(name)s är "
                                "utsedd av en annan medlem (FinsamL 12 §).")
                              % {"deputy": attendance.person.name, "name": replaces.name}, field="replaces")
        from samordna.rules.meetings import spans_overlap

        span = (max([v for v in (attendance.arrives_at_item, first) if v is not None], default=None),
                min([v for v in (attendance.leaves_at_item, last) if v is not None], default=None))
        for row in Attendance.objects.filter(meeting=meeting).exclude(pk=attendance.pk).select_related("person"):
            if row.person_id == replaces.pk and row.presence != Presence.ABSENT and spans_overlap(
                    span, (row.arrives_at_item, row.leaves_at_item)):
                raise DomainError(_("%(name)s är själv närvarande under de paragraferna; en ersättare tjänstgör "
                                    "bara för en ledamot som inte deltar.") % {"name": replaces.name},
                                  field="replaces")
            if row.serving and row.replaces_id == replaces.pk and spans_overlap(
                    span, (row.serving_from_item, row.serving_to_item)):
                raise DomainError(_("%(other)s tjänstgör redan för %(name)s under de paragraferna.")
                                  % {"other": row.person.name, "name": replaces.name}, field="replaces")
    attendance.serving = replaces is not None
    attendance.replaces = replaces
    attendance.serving_from_item, attendance.serving_to_item = first, last
    data = {"person": _pid(attendance.person), "replaces": _pid(replaces) if replaces else None,
            "from_item": first, "to_item": last}
    with services.action("attendance.serving_set", user=user, forbund=meeting.forbund, obj=attendance, data=data):
        services.save(attendance)
    return attendance


@services.service
def add_recusal(item: Item, person, reason: str = "", deputy=None, *, user) -> Recusal:
    """Jäv: the person takes no part in the item and leaves the room; an ersättare of the same member who is
    present and not serving may step in for a recused ledamot for this item (an ItemSubstitute)."""
    meeting = item.meeting
    _ensure_open(meeting)
    row = _attendance_row(meeting, person)
    from samordna.rules.meetings import present_at, serving_at

    doc_row = None if row is None else {"presence": row.presence, "arrives_at_item": row.arrives_at_item,
                                        "leaves_at_item": row.leaves_at_item}
    if doc_row is None or not present_at(doc_row, item.number):
        raise DomainError(_("%(name)s är inte närvarande vid paragrafen och kan inte anmäla jäv.")
                          % {"name": person.name}, field="person")
    if Recusal.objects.filter(item=item, person=person).exists():
        raise DomainError(_("%(name)s har redan anmält jäv i paragrafen.") % {"name": person.name}, field="person")
    substitute = None
    if deputy is not None:
        state = meeting_state(meeting)
        board = state.board
        ledamot = board.holds(_pid(person), "ledamot")
        if ledamot is None or row.capacity != Capacity.LEDAMOT:
            raise DomainError(_("En ersättare kan träda in bara för en jävig ledamot."), field="deputy")
        mandate = board.holds(_pid(deputy), "ersattare")
        if mandate is None or not set(mandate.appointed_by) & set(ledamot.appointed_by):
            raise DomainError(_("%(deputy)s är inte ersättare för samma medlem som %(name)s.")
                              % {"deputy": deputy.name, "name": person.name}, field="deputy")
        deputy_row = next((r for r in state.meeting.raw.get("attendance") or [] if r["person"] == _pid(deputy)), None)
        if deputy_row is None or not present_at(deputy_row, item.number):
            raise DomainError(_("%(name)s är inte närvarande vid paragrafen.") % {"name": deputy.name}, field="deputy")
        if serving_at(deputy_row, item.number) or ItemSubstitute.objects.filter(item=item, person=deputy).exists():
            raise DomainError(_("%(name)s tjänstgör redan i paragrafen.") % {"name": deputy.name}, field="deputy")
        substitute = ItemSubstitute(item=item, forbund_id=item.forbund_id, person=deputy, replaces=person)
    recusal = Recusal(item=item, forbund_id=item.forbund_id, person=person, reason=reason or None)
    data = {"item": item.external_id, "person": _pid(person), "reason": reason or "",
            "deputy": _pid(deputy) if deputy else None}
    with services.action("recusal.added", user=user, forbund=meeting.forbund, obj=recusal, data=data) as record:
        services.save(recusal)
        if substitute is not None:
            services.save(substitute)
        services.set_object(record, recusal)
    return recusal


@services.service
def remove_recusal(recusal: Recusal, *, user) -> None:
    """Take back a jäv recorded by mistake (with the ersättare who stepped in for it)."""
    item = recusal.item
    _ensure_open(item.meeting)
    data = {"item": item.external_id, "person": _pid(recusal.person)}
    with services.action("recusal.removed", user=user, forbund=item.meeting.forbund, obj=recusal, data=data):
        for substitute in ItemSubstitute.objects.filter(item=item, replaces=recusal.person):
            services.remove(substitute)
        services.remove(recusal)


def _require_voter(item: Item, person, field: str, what: str) -> None:
    state = _item_state(item)
    if _pid(person) not in state.voters:
        raise DomainError(
            _("%(name)s är inte röstberättigad i § %(number)s och kan inte %(what)s (bara tjänstgörande ledamöter "
              "och ersättare som inte är jäviga).") % {"name": person.name, "number": item.number, "what": what},
            field=field)


@services.service
def add_motion(item: Item, person, text: str, *, user) -> Motion:
    """A yrkande on the item by a voting member of it."""
    _ensure_open(item.meeting)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv vad som yrkas."), field="text")
    _require_voter(item, person, "person", _("yrka"))
    last = Motion.objects.filter(item=item).order_by("-order").values_list("order", flat=True).first() or 0
    motion = Motion(item=item, forbund_id=item.forbund_id, person=person, text=text, order=last + 1)
    data = {"item": item.external_id, "person": _pid(person), "text": text}
    with services.action("motion.added", user=user, forbund=item.meeting.forbund, obj=motion, data=data) as record:
        services.save(motion)
        services.set_object(record, motion)
    return motion


@services.service
def withdraw_motion(motion: Motion, *, user) -> Motion:
    """The mover takes the yrkande back: it is not put and not in the protokoll's yrkanden."""
    _ensure_open(motion.item.meeting)
    if motion.withdrawn:
        raise DomainError(_("Yrkandet är redan återtaget."))
    motion.withdrawn, motion.put_order = True, None
    with services.action("motion.withdrawn", user=user, forbund=motion.item.meeting.forbund, obj=motion,
                         data={"item": motion.item.external_id, "motion": motion.pk}):
        services.save(motion)
    return motion


@services.service
def set_proposition_order(item: Item, motions: list[Motion], *, user) -> list[Motion]:
    """The propositionsordning: the order in which the ordförande puts the yrkanden (those not listed are not
    put)."""
    _ensure_open(item.meeting)
    pks = [m.pk for m in motions]
    if len(set(pks)) != len(pks):
        raise DomainError(_("Varje yrkande kan ställas under proposition bara en gång."), field="order")
    for motion in motions:
        if motion.item_id != item.pk:
            raise DomainError(_("Yrkandet hör till en annan paragraf."), field="order")
        if motion.withdrawn:
            raise DomainError(_("Ett återtaget yrkande ställs inte under proposition."), field="order")
    position = {pk: n for n, pk in enumerate(pks, start=1)}
    changed = []
    with services.action("motion.proposition_order_set", user=user, forbund=item.meeting.forbund, obj=item,
                         data={"item": item.external_id, "order": pks}):
        for motion in Motion.objects.filter(item=item):
            wanted = position.get(motion.pk)
            if motion.put_order != wanted:
                motion.put_order = wanted
                services.save(motion)
            changed.append(motion)
    return sorted(changed, key=lambda m: (m.put_order is None, m.put_order or 0, m.order))


def _decision_of(item: Item) -> Decision | None:
    return Decision.objects.filter(item=item).first()


@services.service
def record_votes(item_or_decision, votes: dict, *, lot: str | None = None, user) -> Decision:
    """A named vote (votering): each voting member's ja, nej or avstår ({Person: "yes"|"no"|"abstain"}),
    replacing an earlier record. The outcome follows the votes (rules.meetings.vote_result): on a tie the
    ordförande's casting vote, or in an election or personnel matter the lot (`lot`: "yes" or "no", the
    side the lot fell on)."""
    from samordna.rules.meetings import vote_result

    item = item_or_decision.item if isinstance(item_or_decision, Decision) else item_or_decision
    meeting = item.meeting
    _ensure_open(meeting)
    if not votes:
        raise DomainError(_("Ange hur minst en ledamot röstade."), field="votes")
    for choice in votes.values():
        if choice not in VoteChoice.values:
            raise DomainError(_("Rösten ska vara ja, nej eller avstår."), field="votes")
    state = meeting_state(meeting).items[item.external_id]
    wrong = sorted(p.name for p in votes if _pid(p) not in state.voters)
    if wrong:
        raise DomainError(
            _("%(names)s är inte röstberättigad i § %(number)s (jäv, inte tjänstgörande eller inte ledamot).")
            % {"names": ", ".join(wrong), "number": item.number}, field="votes")
    rows = [{"person": _pid(p), "vote": v} for p, v in votes.items()]
    casting = state.chair if state.chair in state.voters else None
    result = vote_result(rows, lot_item=state.lot_item, chair=state.chair, casting_vote=casting, lot=lot is not None)
    approved = result.approved
    if result.tie and state.lot_item:
        if lot not in ("yes", "no"):
            raise DomainError(_("Lika röstetal i ett val eller personalärende: lotten avgör. Ange på vilken sida "
                                "lotten föll."), field="lot")
        approved = lot == "yes"
    elif result.tie and result.problem and casting is None:
        raise DomainError(_("Lika röstetal: utslagsrösten är ordförandens, och ordföranden är inte röstberättigad i "
                            "paragrafen. Frågan kan inte avgöras genom votering nu; överväg bordläggning."),
                          field="votes")
    elif result.tie and result.problem:
        raise DomainError(_("Lika röstetal: ordföranden har utslagsröst och måste då ha röstat ja eller nej."),
                          field="votes")
    decision = _decision_of(item) or Decision(item=item, forbund_id=item.forbund_id)
    approving = Outcome.ELECTED if item.kind == ItemKind.ELECTION else Outcome.APPROVED
    decision.outcome = approving if approved else Outcome.REJECTED
    decision.vote_requested = True
    decision.casting_vote_id = None
    decision.lot = False
    if result.tie and state.lot_item:
        decision.lot = True
    elif result.tie:
        from samordna.organisations.models import Person

        decision.casting_vote = Person.objects.get(external_id=state.chair)
    data = {"item": item.external_id, "votes": {_pid(p): v for p, v in votes.items()},
            "yes": result.yes, "no": result.no, "abstain": result.abstain, "outcome": decision.outcome,
            "lot": lot}
    with services.action("vote.recorded", user=user, forbund=meeting.forbund, obj=decision, data=data) as record:
        services.save(decision)
        for old in Vote.objects.filter(decision=decision):
            services.remove(old)
        for person, choice in votes.items():
            services.save(Vote(decision=decision, forbund_id=item.forbund_id, person=person, vote=choice))
        for reservation in Reservation.objects.filter(decision=decision).select_related("person"):
            if votes.get(reservation.person) in (VoteChoice.ABSTAIN, VoteChoice.YES if approved else VoteChoice.NO):
                raise DomainError(_("%(name)s har reserverat sig men röstar nu för beslutet; ta bort "
                                    "reservationen först.") % {"name": reservation.person.name}, field="votes")
        services.set_object(record, decision)
    return decision


@services.service
def add_reservation(decision: Decision, person, reason: str = "", *, user) -> Reservation:
    """A reservation against the decision, by a voting member who did not vote for it (not yes to an
    approval, not no to a rejection, not abstaining)."""
    item = decision.item
    _ensure_open(item.meeting)
    if not decision.outcome:
        raise DomainError(_("Beslutet är inte fattat ännu; reservera dig när beslutet är fattat."), field="person")
    _require_voter(item, person, "person", _("reservera sig"))
    vote = Vote.objects.filter(decision=decision, person=person).values_list("vote", flat=True).first()
    approved = decision.outcome in (Outcome.APPROVED, Outcome.ELECTED)
    if vote == VoteChoice.ABSTAIN:
        raise DomainError(_("%(name)s avstod från att rösta och deltog inte i beslutet; en reservation kräver att "
                            "man röstat emot.") % {"name": person.name}, field="person")
    if vote is not None and (vote == VoteChoice.YES) == approved:
        raise DomainError(_("%(name)s röstade %(vote)s, för beslutet, och kan inte reservera sig mot det.")
                          % {"name": person.name, "vote": _("ja") if vote == VoteChoice.YES else _("nej")},
                          field="person")
    if Reservation.objects.filter(decision=decision, person=person).exists():
        raise DomainError(_("%(name)s har redan reserverat sig.") % {"name": person.name}, field="person")
    reservation = Reservation(decision=decision, forbund_id=decision.forbund_id, person=person,
                              reason=(reason or "").strip() or None)
    with services.action("reservation.added", user=user, forbund=item.meeting.forbund, obj=reservation,
                         data={"item": item.external_id, "person": _pid(person), "reason": reason or ""}) as record:
        services.save(reservation)
        services.set_object(record, reservation)
    return reservation


@services.service
def add_note(item: Item, person, text: str, *, user) -> ProtocolNote:
    """A protokollsanteckning on the item (the ordförande allows it), by a person at the meeting or by none."""
    _ensure_open(item.meeting)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv anteckningen."), field="text")
    if person is not None:
        row = _attendance_row(item.meeting, person)
        if row is None or row.presence == Presence.ABSENT:
            raise DomainError(_("%(name)s är inte närvarande.") % {"name": person.name}, field="person")
    note = ProtocolNote(item=item, forbund_id=item.forbund_id, person=person, text=text)
    data = {"item": item.external_id, "person": _pid(person) if person else None, "text": text}
    with services.action("note.added", user=user, forbund=item.meeting.forbund, obj=note, data=data) as record:
        services.save(note)
        services.set_object(record, note)
    return note


@services.service
def decide(item: Item, outcome: str, text: str = "", *, user, sent_to: str | None = None) -> Decision:
    """The board's decision on the item (bifall, avslag, återremiss, bordläggning, lades till handlingarna,
    vald), refused when the board is not quorate for it or when it goes against a recorded named vote. On
    återremiss and bordläggning the item's matter (diarium) stays open and comes back to a later meeting;
    no decision closes a matter by itself. The apps' decision handlers (meetings/hooks.py) then move the
    item's insats, budget or remark on, in the same action."""
    from samordna.rules.meetings import DECIDED_OUTCOMES

    from .hooks import run_decision_handlers

    meeting = item.meeting
    _ensure_open(meeting)
    if outcome not in Outcome.values:
        raise DomainError(_("Välj ett beslut i listan."), field="outcome")
    if outcome == Outcome.ELECTED and not (item.kind == ItemKind.ELECTION or item.personnel_or_election):
        raise DomainError(_("”Vald” gäller bara val."), field="outcome")
    state = _item_state(item)
    if outcome in CONDUCT_QUORUM_OUTCOMES and item.kind in (ItemKind.DECISION, ItemKind.ELECTION) \
            and not state.quorate:
        raise DomainError(
            _("Styrelsen är inte beslutför i § %(number)s: %(voters)s röstberättigade av %(seats)s platser; minst "
              "%(needed)s krävs.") % {"number": item.number, "voters": len(state.voters), "seats": state.seats,
                                      "needed": state.quorum_needed}, field="outcome")
    decision = _decision_of(item) or Decision(item=item, forbund_id=item.forbund_id)
    if state.vote is not None and outcome in DECIDED_OUTCOMES and decision.outcome in DECIDED_OUTCOMES \
            and outcome != decision.outcome:
        raise DomainError(_("Beslutet ska följa voteringen (%(yes)s ja, %(no)s nej); ändra voteringen först.")
                          % {"yes": state.vote.yes, "no": state.vote.no}, field="outcome")
    decision.outcome = outcome
    decision.text = (text or "").strip() or None
    if sent_to is not None:
        item.sent_to = sent_to.strip()
    data = {"item": item.external_id, "outcome": outcome, "text": decision.text or "",
            "matter_returns": outcome in RETURNING_OUTCOMES, "sent_to": item.sent_to}
    with services.action("decision.made", user=user, forbund=meeting.forbund, obj=decision, data=data) as record:
        services.save(decision)
        if sent_to is not None:
            services.save(item)
        services.set_object(record, decision)
        run_decision_handlers(item, decision, user)
    return decision


@services.service
def mark_immediate_adjust(item: Item, value: bool = True, *, user) -> Item:
    """Omedelbar justering (OJ): the paragraph is adjusted at the meeting; its decision text must exist."""
    _ensure_open(item.meeting)
    if value:
        decision = _decision_of(item)
        if decision is None or not decision.outcome or not decision.text:
            raise DomainError(_("Omedelbar justering kräver att beslutet och dess text finns skrivna vid "
                                "sammanträdet."), field="immediate_adjust")
    item.immediate_adjust = bool(value)
    with services.action("item.immediate_adjust_set", user=user, forbund=item.meeting.forbund, obj=item,
                         data={"item": item.external_id, "immediate_adjust": item.immediate_adjust}):
        services.save(item)
    return item


def register_conduct_sentences() -> None:
    """How the Händelselogg says the conduct's actions."""
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    for name, sentence in {
        "attendance.recorded": gettext_lazy("Närvaro för %(object)s registrerades (%(presence)s) av %(who)s"),
        "attendance.serving_set": gettext_lazy("Tjänstgöring för %(object)s ändrades av %(who)s"),
        "recusal.added": gettext_lazy("Jäv för %(object)s i %(item)s antecknades av %(who)s"),
        "recusal.removed": gettext_lazy("Jäv för %(object)s i %(item)s togs bort av %(who)s"),
        "motion.added": gettext_lazy("Yrkande (%(object)s) antecknades av %(who)s"),
        "motion.withdrawn": gettext_lazy("Yrkande (%(object)s) återtogs; antecknat av %(who)s"),
        "motion.proposition_order_set": gettext_lazy("Propositionsordning i %(object)s sparades av %(who)s"),
        "vote.recorded": gettext_lazy("Votering i %(object)s protokollfördes (%(yes)s ja, %(no)s nej) av %(who)s"),
        "reservation.added": gettext_lazy("Reservation av %(object)s antecknades av %(who)s"),
        "note.added": gettext_lazy("Protokollsanteckning i %(item)s antecknades av %(who)s"),
        "decision.made": gettext_lazy("Beslut %(object)s protokollfördes av %(who)s"),
        "item.immediate_adjust_set": gettext_lazy("Omedelbar justering av %(object)s ändrades av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)
