"""Planning a meeting through the services: the opening items, § numbers running on through the year, items
from the diarium's open matters, moving and removing items, the kallelse date, and the refusals."""

import datetime

import pytest

from samordna.audit.models import Action
from samordna.diarium.models import MatterStatus
from samordna.lib.services import DomainError
from samordna.meetings import services
from samordna.meetings.models import Decision, Item, ItemKind, Meeting, MeetingKind, Minutes, Outcome
from tests.conftest import TODAY

from .conftest import EMPTY_YEAR, day

pytestmark = pytest.mark.django_db


def _new(forbund, user, date, **kw):
    kw.setdefault("start_time", datetime.time(13, 0))
    kw.setdefault("place", "Förbundets kontor")
    kw.setdefault("remote_allowed", True)
    kw.setdefault("kind", MeetingKind.ORDINARY)
    return services.create_meeting(forbund, user=user, date=date, **kw)


def _agenda(meeting):
    return [(i.number, i.title) for i in services.agenda(meeting)]


def test_a_new_meeting_gets_the_standard_opening_items_numbered_from_one(forbund, office_user):
    meeting = _new(forbund, office_user, day(2, 14))
    assert meeting.external_id == f"{forbund.slug}-m-{EMPTY_YEAR}-02-14"
    assert (meeting.start_time, meeting.place, meeting.remote_allowed) == (datetime.time(13), "Förbundets kontor", True)
    assert _agenda(meeting) == [(1, "Mötets öppnande"), (2, "Godkännande av dagordningen"),
                                (3, "Val av protokollsjusterare samt tid och plats för justering"),
                                (4, "Föregående protokoll")]
    action = Action.objects.get(name="meeting.created", object_id=str(meeting.pk))
    assert action.user == office_user and action.forbund == forbund and action.data["date"] == meeting.date.isoformat()
    # A second meeting on the same day gets an id of its own; without the template it has no items.
    again = _new(forbund, office_user, day(2, 14), with_opening_items=False)
    assert again.external_id == f"{forbund.slug}-m-{EMPTY_YEAR}-02-14-2" and _agenda(again) == []


def test_numbers_run_on_through_the_calendar_year(forbund, office_user):
    march = _new(forbund, office_user, day(3, 11))
    services.add_item(march, user=office_user, title="Budgetuppföljning", kind=ItemKind.INFORMATION)
    december = _new(forbund, office_user, day(12, 9))
    assert [n for n, _ in _agenda(december)] == [6, 7, 8, 9]
    item = services.add_item(december, user=office_user, title="Verksamhetsplan", kind=ItemKind.DECISION)
    assert item.number == 10
    # A meeting planned between them continues March's numbers; December's run on after it.
    june = _new(forbund, office_user, day(6, 10))
    assert [n for n, _ in _agenda(june)] == [6, 7, 8, 9]
    assert [n for n, _ in _agenda(december)] == [10, 11, 12, 13, 14]
    # The next year starts again at § 1.
    january = _new(forbund, office_user, day(1, 20, EMPTY_YEAR + 1))
    assert [n for n, _ in _agenda(january)] == [1, 2, 3, 4]


def test_an_adjusted_meeting_keeps_its_numbers_and_refuses_changes(forbund, office_user):
    june = _new(forbund, office_user, day(6, 10))
    Minutes.objects.create(meeting=june, adjusted=day(6, 20))
    march = _new(forbund, office_user, day(3, 11))  # planned afterwards, earlier in the year
    assert [n for n, _ in _agenda(june)] == [1, 2, 3, 4]
    assert [n for n, _ in _agenda(march)] == [1, 2, 3, 4]  # June is frozen: never renumbered
    june = Meeting.objects.get(pk=june.pk)
    with pytest.raises(DomainError, match="Protokollet för sammanträdet .* är justerat"):
        services.add_item(june, user=office_user, title="Sent tillägg")
    with pytest.raises(DomainError, match="är justerat"):
        services.change_meeting(june, user=office_user, place="Annan plats")
    with pytest.raises(DomainError, match="är justerat"):
        services.move_item(services.agenda(june)[1], user=office_user, direction="up")
    with pytest.raises(DomainError, match="har ett protokoll"):
        services.remove_meeting(june, user=office_user)
    assert Meeting.objects.get(pk=june.pk).place == "Förbundets kontor"


def test_an_item_from_an_open_matter_takes_its_title_and_link(forbund, office_user, matter):
    case = matter(forbund)
    meeting = _new(forbund, office_user, day(4, 1))
    item = services.add_item(meeting, user=office_user, matter=case, kind=ItemKind.DECISION,
                             proposal="Styrelsen beviljar medel.", presenter=None)
    assert (item.number, item.title, item.matter, item.proposal) == (5, case.title, case, "Styrelsen beviljar medel.")
    assert Action.objects.get(name="item.added", object_id=str(item.pk)).data["matter"] == case.dnr
    with pytest.raises(DomainError) as twice:
        services.add_item(meeting, user=office_user, matter=case)
    assert twice.value.field == "matter" and "finns redan på föredragningslistan" in twice.value.message
    # Own title wins over the matter's.
    other_case = matter(forbund, title="Remiss")
    own = services.add_item(meeting, user=office_user, matter=other_case, title="Remissvar om samverkan")
    assert own.title == "Remissvar om samverkan"


def test_a_tabled_matter_stays_open_and_comes_back_with_its_history(forbund, office_user, matter):
    case = matter(forbund)
    first = _new(forbund, office_user, day(4, 1), with_opening_items=False)
    tabled = services.add_item(first, user=office_user, matter=case)
    Decision.objects.create(item=tabled, outcome=Outcome.TABLED)
    later = _new(forbund, office_user, day(5, 6), with_opening_items=False)
    again = services.add_item(later, user=office_user, matter=case)
    case.refresh_from_db()
    assert case.status == MatterStatus.OPEN
    assert list(case.items.order_by("meeting__date")) == [tabled, again]


def test_closed_and_foreign_matters_are_refused(forbund, other, office_user, matter):
    meeting = _new(forbund, office_user, day(4, 1))
    with pytest.raises(DomainError) as closed:
        services.add_item(meeting, user=office_user, matter=matter(forbund, status=MatterStatus.CLOSED))
    assert closed.value.field == "matter" and "är avslutat" in closed.value.message
    with pytest.raises(DomainError) as foreign:
        services.add_item(meeting, user=office_user, matter=matter(other))
    assert foreign.value.field == "matter"
    assert Item.objects.filter(meeting=meeting).count() == 4


def test_moving_an_item_swaps_its_number_and_removing_one_closes_the_gap(forbund, office_user):
    meeting = _new(forbund, office_user, day(9, 2))
    budget = services.add_item(meeting, user=office_user, title="Budget", kind=ItemKind.DECISION)
    report = services.add_item(meeting, user=office_user, title="Rapporter", kind=ItemKind.INFORMATION)
    services.move_item(report, user=office_user, direction="up")
    assert _agenda(meeting)[4:] == [(5, "Rapporter"), (6, "Budget")]
    services.move_item(Item.objects.get(pk=budget.pk), user=office_user, direction="up")
    assert _agenda(meeting)[4:] == [(5, "Budget"), (6, "Rapporter")]
    with pytest.raises(DomainError, match="står redan sist"):
        services.move_item(Item.objects.get(pk=report.pk), user=office_user, direction="down")
    with pytest.raises(DomainError, match="står redan först"):
        services.move_item(services.agenda(meeting)[0], user=office_user, direction="up")
    assert Action.objects.filter(name="item.moved").count() == 2
    services.remove_item(services.agenda(meeting)[1], user=office_user)  # "Godkännande av dagordningen"
    assert [n for n, _ in _agenda(meeting)] == [1, 2, 3, 4, 5]
    assert _agenda(meeting)[3:] == [(4, "Budget"), (5, "Rapporter")]


def test_an_item_with_a_decision_cannot_be_removed(forbund, office_user):
    meeting = _new(forbund, office_user, day(9, 2))
    item = services.agenda(meeting)[0]
    Decision.objects.create(item=item, outcome=Outcome.NOTED)
    with pytest.raises(DomainError, match="registrerat beslut"):
        services.remove_item(item, user=office_user)
    with pytest.raises(DomainError, match="registrerade beslut"):
        services.remove_meeting(meeting, user=office_user)


def test_bad_values_are_refused_on_their_field(forbund, office_user):
    for date in (datetime.date(1899, 12, 31), datetime.date(2201, 1, 1)):
        with pytest.raises(DomainError) as error:
            _new(forbund, office_user, date)
        assert error.value.field == "date" and "mellan 1900-01-01 och 2200-12-31" in error.value.message
    with pytest.raises(DomainError) as kind:
        _new(forbund, office_user, day(3, 3), kind="secret")
    assert kind.value.field == "kind"
    meeting = _new(forbund, office_user, day(3, 3))
    with pytest.raises(DomainError) as blank:
        services.add_item(meeting, user=office_user, title="  ")
    assert blank.value.field == "title"
    with pytest.raises(DomainError) as item_kind:
        services.add_item(meeting, user=office_user, title="X", kind="nonsense")
    assert item_kind.value.field == "kind"
    with pytest.raises(DomainError) as moved:
        services.change_meeting(meeting, user=office_user, date=datetime.date(1800, 1, 1))
    assert moved.value.field == "date"
    assert Meeting.objects.filter(forbund=forbund, date__year__lt=1900).count() == 0


def test_a_presenter_of_another_forbund_is_refused(forbund, other, office_user):
    from samordna.organisations.models import Person

    stranger = Person.objects.of_forbund(other).exclude(pk__in=Person.objects.of_forbund(forbund)).first()
    meeting = _new(forbund, office_user, day(3, 3))
    with pytest.raises(DomainError) as error:
        services.add_item(meeting, user=office_user, title="Info", presenter=stranger)
    assert error.value.field == "presenter"
    own = Person.objects.of_forbund(forbund).first()
    item = services.add_item(meeting, user=office_user, title="Info", presenter=own)
    changed = services.change_item(item, user=office_user, proposal="Informationen läggs till handlingarna.",
                                   kind=ItemKind.INFORMATION)
    assert Item.objects.get(pk=changed.pk).proposal == "Informationen läggs till handlingarna."
    assert Action.objects.filter(name="item.changed", object_id=str(item.pk)).exists()


def test_moving_a_meeting_to_another_year_numbers_it_there(forbund, office_user):
    march = _new(forbund, office_user, day(3, 11))
    services.add_item(march, user=office_user, title="Budget")
    december = _new(forbund, office_user, day(12, 9))
    assert [n for n, _ in _agenda(december)] == [6, 7, 8, 9]
    services.change_meeting(december, user=office_user, date=day(1, 13, EMPTY_YEAR + 1))
    assert [n for n, _ in _agenda(december)] == [1, 2, 3, 4]
    # A change of place alone renumbers nothing.
    services.change_meeting(march, user=office_user, place="Stadshuset")
    assert [n for n, _ in _agenda(march)] == [1, 2, 3, 4, 5]


def test_the_notice_date_is_recorded(forbund, office_user):
    meeting = _new(forbund, office_user, TODAY + datetime.timedelta(days=10))
    services.record_notice_sent(meeting, user=office_user, day=TODAY)
    assert Meeting.objects.get(pk=meeting.pk).notice_sent == TODAY
    assert Action.objects.get(name="meeting.notice_sent").data == {"notice_sent": TODAY.isoformat()}
    with pytest.raises(DomainError, match="inte har kommit än"):
        services.record_notice_sent(meeting, user=office_user, day=TODAY + datetime.timedelta(days=1))
    past = _new(forbund, office_user, TODAY - datetime.timedelta(days=3))
    with pytest.raises(DomainError, match="efter sammanträdet"):
        services.record_notice_sent(past, user=office_user, day=TODAY)


def test_a_meeting_without_minutes_is_removed_and_its_matter_stays(forbund, office_user, matter):
    case = matter(forbund)
    meeting = _new(forbund, office_user, day(4, 1))
    services.add_item(meeting, user=office_user, matter=case)
    services.remove_meeting(meeting, user=office_user)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    case.refresh_from_db()
    assert case.status == MatterStatus.OPEN and not case.items.exists()
    assert Action.objects.filter(name="meeting.removed").count() == 1
