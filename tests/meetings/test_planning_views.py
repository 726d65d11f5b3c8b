"""The planning pages: "Nytt sammanträde", the agenda editor, the kallelse state and the live findings of the
plan. The office may plan; the board may read but not plan (403); another förbund's meeting is a 404."""

import datetime

import pytest

from samordna.meetings import services
from samordna.meetings.models import Item, Meeting, MeetingKind
from tests.conftest import TODAY

from .conftest import OTHER, OWN, day

pytestmark = pytest.mark.django_db


def url(name, slug=OWN, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs={"slug": slug, **kwargs})


def _meeting(forbund, user, date, **kw):
    return services.create_meeting(forbund, user=user, date=date, start_time=datetime.time(9, 30),
                                   place="Stadshuset", remote_allowed=False, kind=MeetingKind.ORDINARY, **kw)


def _urls(meeting):
    item = services.agenda(meeting)[0].external_id
    m = {"subject_id": meeting.external_id}
    return [
        ("get", url("meeting-new")), ("post", url("meeting-new")),
        ("get", url("meeting-edit", **m)), ("post", url("meeting-edit", **m)),
        ("get", url("meeting-remove", **m)), ("post", url("meeting-remove", **m)),
        ("post", url("meeting-notice-sent", **m)),
        ("get", url("meeting-item-add", **m)), ("post", url("meeting-item-add", **m)),
        ("get", url("meeting-item-edit", item_id=item, **m)), ("post", url("meeting-item-edit", item_id=item, **m)),
        ("post", url("meeting-item-move", item_id=item, **m)),
        ("get", url("meeting-item-remove", item_id=item, **m)), ("post", url("meeting-item-remove", item_id=item, **m)),
    ]


def test_the_office_creates_a_meeting_from_the_list(persona_client, forbund):
    office = persona_client("office")
    listing = office.get(url("forbund-meetings"))
    assert url("meeting-new") in listing.text and "Nytt sammanträde" in listing.text
    form = office.get(url("meeting-new"))
    assert form.status_code == 200 and 'type="date"' in form.text and 'type="time"' in form.text
    date = day(5, 20)
    response = office.post(url("meeting-new"), {"date": date.isoformat(), "start_time": "13:00",
                                                "place": "Kommunhuset, sal A", "remote_allowed": "on",
                                                "kind": "ordinary"})
    meeting = Meeting.objects.get(forbund=forbund, date=date)
    assert response.status_code == 302
    assert response["Location"] == url("meeting-detail", subject_id=meeting.external_id) + "#foredragningslista"
    assert (meeting.start_time, meeting.place, meeting.remote_allowed) == (datetime.time(13), "Kommunhuset, sal A", True)
    page = office.get(response["Location"])
    assert "Kallelse ej skickad" in page.text and "Föredragningslista" in page.text
    assert "Mötets öppnande" in page.text and "Skicka kallelsen" in page.text


def test_a_bad_date_is_explained_in_swedish(persona_client, forbund):
    office = persona_client("office")
    before = Meeting.objects.count()
    response = office.post(url("meeting-new"), {"date": "1800-01-01", "kind": "ordinary", "start_time": "25:99"})
    assert response.status_code == 200
    assert "Ange ett datum mellan 1900-01-01 och 2200-12-31." in response.context["form"].errors["date"][0]
    assert response.context["form"].errors["start_time"] == ["Ange klockslaget som tt:mm, t.ex. 13:00."]
    assert "Formuläret innehåller fel" in response.text and Meeting.objects.count() == before


def test_the_board_reads_but_may_not_plan(persona_client, forbund, office_user):
    meeting = _meeting(forbund, office_user, day(5, 20))
    board = persona_client("board")
    assert url("meeting-new") not in board.get(url("forbund-meetings")).text
    page = board.get(url("meeting-detail", subject_id=meeting.external_id))
    assert page.status_code == 200 and "Skicka kallelsen" not in page.text
    assert url("meeting-item-add", subject_id=meeting.external_id) not in page.text
    for method, address in _urls(meeting):
        assert getattr(board, method)(address).status_code == 403, (method, address)
    assert Meeting.objects.get(pk=meeting.pk).notice_sent is None and Item.objects.filter(meeting=meeting).count() == 4


def test_another_forbunds_meeting_is_not_found(persona_client, forbund, other, office_user):
    meeting = _meeting(forbund, office_user, day(5, 20))
    # The office of another förbund has no access to this förbund at all: 404 for every planning address.
    outsider = persona_client("outsider")
    for method, address in _urls(meeting):
        assert getattr(outsider, method)(address).status_code == 404, (method, address)
    # The own office asking for the other förbund's meeting under its own slug: 404 as well.
    foreign = _meeting(other, None, day(5, 21))
    office = persona_client("office")
    item = services.agenda(foreign)[0].external_id
    assert office.post(url("meeting-item-move", subject_id=foreign.external_id, item_id=item),
                       {"direction": "down"}).status_code == 404
    assert office.post(url("meeting-item-move", subject_id=meeting.external_id, item_id=item),
                       {"direction": "down"}).status_code == 404
    assert office.get(url("meeting-edit", subject_id=foreign.external_id)).status_code == 404
    assert office.get(url("meeting-edit", slug=OTHER, subject_id=foreign.external_id)).status_code == 404


def test_the_agenda_is_built_and_ordered_over_plain_posts(persona_client, forbund, office_user, matter):
    case = matter(forbund, title="Ansökan om medel: Unga till arbete")
    meeting = _meeting(forbund, office_user, day(9, 15))
    office = persona_client("office")
    m = {"subject_id": meeting.external_id}
    page = office.get(url("meeting-detail", **m))
    assert f"{case.dnr} {case.title}" in page.text  # the open matter is offered
    response = office.post(url("meeting-item-add", **m), {"matter": case.pk, "title": "", "kind": "decision",
                                                         "proposal": "Styrelsen beviljar 400 000 kr."})
    item = Item.objects.get(meeting=meeting, matter=case)
    assert response.status_code == 302 and response["Location"].endswith(f"#punkt-{item.external_id}")
    assert (item.number, item.title) == (5, case.title)
    # Neither a matter nor a title: the error is on the title field.
    response = office.post(url("meeting-item-add", **m), {"matter": "", "title": " ", "kind": "information"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Ange en rubrik, eller välj ett ärende ur diariet."]
    # The matter already on the agenda is no longer offered, and cannot be posted again.
    response = office.post(url("meeting-item-add", **m), {"matter": case.pk, "kind": "decision"})
    assert response.status_code == 200 and "matter" in response.context["form"].errors
    office.post(url("meeting-item-add", **m), {"title": "Rapport från förbundschefen", "kind": "information"})
    office.post(url("meeting-item-move", item_id=item.external_id, **m), {"direction": "down"})
    assert [(i.number, i.title) for i in services.agenda(meeting)][4:] == [
        (5, "Rapport från förbundschefen"), (6, case.title)]
    response = office.post(url("meeting-item-move", item_id=item.external_id, **m), {"direction": "down"})
    assert response.status_code == 302  # already last: a message, nothing changes
    assert "står redan sist" in office.get(response["Location"]).text
    edit = office.post(url("meeting-item-edit", item_id=item.external_id, **m), {
        "title": "Unga till arbete", "kind": "decision", "proposal": "Avslag.", "presenter": ""})
    assert edit.status_code == 302 and Item.objects.get(pk=item.pk).title == "Unga till arbete"
    confirm = office.get(url("meeting-item-remove", item_id=item.external_id, **m))
    assert "Ja, ta bort" in confirm.text and case.dnr in confirm.text
    office.post(url("meeting-item-remove", item_id=item.external_id, **m))
    assert not Item.objects.filter(pk=item.pk).exists()


def test_the_notice_is_marked_sent_and_the_meeting_removed(persona_client, forbund, office_user):
    meeting = _meeting(forbund, office_user, TODAY + datetime.timedelta(days=12))
    office = persona_client("office")
    m = {"subject_id": meeting.external_id}
    response = office.post(url("meeting-notice-sent", **m))
    assert response.status_code == 302
    page = office.get(url("meeting-detail", **m))
    assert "Kallelse skickad" in page.text and "Kallelse ej skickad" not in page.text
    assert Meeting.objects.get(pk=meeting.pk).notice_sent == TODAY
    # A GET never changes anything.
    assert office.get(url("meeting-notice-sent", **m)).status_code == 405
    confirm = office.get(url("meeting-remove", **m))
    assert confirm.status_code == 200 and "Ja, ta bort" in confirm.text
    response = office.post(url("meeting-remove", **m))
    assert response.status_code == 302 and not Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_live_notice_finding_shows_while_planning(persona_client, forbund, office_user):
    forbund.notice_days = 7
    forbund.save()
    soon = _meeting(forbund, office_user, TODAY + datetime.timedelta(days=5))
    later = _meeting(forbund, office_user, TODAY + datetime.timedelta(days=10))
    office = persona_client("office")
    page = office.get(url("meeting-detail", subject_id=soon.external_id)).text
    assert "Skickas kallelsen i dag är den 5 dagar före sammanträdet; förbundsordningen säger 7." in page
    assert "<code>meeting-notice</code>" in page
    page = office.get(url("meeting-detail", subject_id=later.external_id)).text
    assert "Skickas kallelsen i dag" in page and "Skickas kallelsen i dag är den i tid." in page
    assert "<code>meeting-notice</code>" not in page
    # Once sent late, the page says so as it was sent.
    services.record_notice_sent(soon, user=office_user, day=TODAY)
    page = office.get(url("meeting-detail", subject_id=soon.external_id)).text
    assert f"Kallelsen skickades {TODAY.isoformat()}, 5 dagar före sammanträdet; förbundsordningen säger 7." in page


def test_an_adjusted_meeting_shows_no_planning(persona_client, forbund, office_user):
    from samordna.meetings.models import Minutes

    meeting = _meeting(forbund, office_user, TODAY - datetime.timedelta(days=30))
    Minutes.objects.create(meeting=meeting, adjusted=TODAY - datetime.timedelta(days=20))
    office = persona_client("office")
    m = {"subject_id": meeting.external_id}
    page = office.get(url("meeting-detail", **m)).text
    assert "Föredragningslista" not in page and "Mötets öppnande" in page
    response = office.post(url("meeting-item-add", **m), {"title": "Sent", "kind": "information"})
    assert response.status_code == 200 and "är justerat" in response.text
    assert Item.objects.filter(meeting=meeting).count() == 4


@pytest.mark.usefixtures("uncached_pages")
def test_the_planning_page_makes_as_many_queries_for_a_long_agenda_as_for_a_short_one(
        persona_client, forbund, office_user, matter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = _meeting(forbund, office_user, TODAY + datetime.timedelta(days=20))
    office = persona_client("office")
    path = url("meeting-detail", subject_id=meeting.external_id)

    def count():
        office.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert office.get(path).status_code == 200
        return len(queries)

    earlier = _meeting(forbund, office_user, TODAY - datetime.timedelta(days=40), with_opening_items=False)
    first = matter(forbund, title="Ärende med historik")
    services.add_item(earlier, user=office_user, matter=first)
    services.add_item(meeting, user=office_user, matter=first)
    short = count()
    for n in range(8):
        case = matter(forbund, title=f"Ärende {n}")
        services.add_item(earlier, user=office_user, matter=case)  # came up before: history to show
        services.add_item(meeting, user=office_user, matter=case, presenter=None)
        services.add_item(meeting, user=office_user, title=f"Fritt ärende {n}")
    assert "Tidigare behandlat:" in office.get(path).text
    assert count() <= short
