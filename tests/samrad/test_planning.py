"""Planning, inviting, holding and recording a samråd covering several förbund: the services' preconditions,
access across covered and uncovered förbund, the live findings of the rule engine, and the PDFs."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from samordna.audit.models import Action
from samordna.lib.services import DomainError
from samordna.mail.models import Message
from samordna.organisations.models import Forbund, Mandate, Member, Person, Representative
from samordna.samrad import invitation, services
from samordna.samrad.models import Consultation, MemberStatement, Participant, Topic
from samordna.samrad.planning_views import live_findings
from tests.conftest import TODAY

OWN, OTHER = "sf-vastra-vastmanland", "sf-uppsala-norra"


def spring_next_year():
    return datetime.date(TODAY.year + 1, 5, 19)  # (the demo's own coming samråd is on 12 May)


@pytest.fixture
def office(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


@pytest.fixture
def planned(demo, office):
    own, other = demo[OWN], demo[OTHER]
    convener = Person.objects.get(external_id="p-maria")
    return services.plan_consultation(
        own, user=office, kind="medlemssamrad", date=spring_next_year(), start_time=datetime.time(9, 30),
        place="Västerås stadshus", other_forbund=[other], convener_person=convener,
        convener_appointed_by=Member.objects.get(external_id="vv-1980"))


def rules_of(consultation):
    return sorted({row["s"].finding.rule for row in live_findings(consultation, OWN)})


def test_planning_covers_both_forbund_with_the_five_guiding_topics(planned):
    assert sorted(planned.forbund.values_list("slug", flat=True)) == [OTHER, OWN]
    assert [a.topic for a in planned.agenda.order_by("position")] == [
        Topic.RESULTS, Topic.OBSTACLES, Topic.NEEDS, Topic.LONG_TERM, Topic.BUDGET]
    assert Action.objects.filter(name="consultation.planned", object_id=str(planned.pk)).count() == 1


def test_a_convener_appointed_by_a_member_of_an_uncovered_forbund_is_refused(demo, office):
    with pytest.raises(DomainError) as error:
        services.plan_consultation(demo[OWN], user=office, kind="medlemssamrad", date=spring_next_year(),
                                   convener_person=Person.objects.get(external_id="p-maria"),
                                   convener_appointed_by=Member.objects.filter(forbund=demo[OTHER]).first())
    assert error.value.field == "convener_appointed_by"


def test_the_acting_forbund_must_be_covered(demo, office, planned):
    with pytest.raises(DomainError) as error:
        services.change_consultation(planned, demo[OWN], user=office, covered=[demo[OTHER]])
    assert error.value.field == "covered"
    uncovered = Forbund.objects.exclude(slug__in=[OWN, OTHER]).first()
    if uncovered is not None:
        with pytest.raises(DomainError):
            services.invite_delegations(planned, uncovered, user=office)


def test_inviting_all_representatives_represents_each_organisation_once(demo, office, planned):
    added = services.invite_representatives(planned, demo[OWN], user=office)
    assert added
    members = list(Member.objects.filter(forbund__in=[demo[OWN], demo[OTHER]]).active_on(planned.date))
    keys = [services.organisation_key(p.represents) for p in planned.participants.select_related("represents")]
    assert len(keys) == len(set(keys))  # FK, AF: once for both förbund
    expected = {services.organisation_key(m) for m in members
                if any(r.active_on(planned.date) for r in Representative.objects.filter(member=m))}
    assert set(keys) == expected
    assert services.invite_representatives(planned, demo[OWN], user=office) == []  # nobody twice


def test_a_participant_twice_and_a_member_of_an_uncovered_forbund_are_refused(demo, office, planned):
    services.invite_representatives(planned, demo[OWN], user=office)
    someone = planned.participants.first()
    with pytest.raises(DomainError) as error:
        services.add_participant(planned, demo[OWN], user=office, person=someone.person, for_forbund=demo[OWN],
                                 capacity="ledamot")
    assert error.value.field == "person"
    with pytest.raises(DomainError) as error:
        services.add_participant(planned, demo[OWN], user=office, person=Person.objects.get(external_id="p-johan"))
    assert error.value.field == "represents"


def test_live_findings_follow_the_participants(demo, office):
    """samrad-all-members and samrad-forbund-delegation until invited; samrad-representatives while a
    representative sits on a covered board, gone when the participant is changed back. (Today: the boards of
    next spring are not appointed yet in the demo.)"""
    planned = services.plan_consultation(demo[OWN], user=office, kind="medlemssamrad", date=TODAY,
                                         other_forbund=[demo[OTHER]])
    assert {"samrad-all-members", "samrad-forbund-delegation"} <= set(rules_of(planned))
    services.invite_representatives(planned, demo[OWN], user=office)
    services.invite_delegations(planned, demo[OWN], user=office)
    assert "samrad-all-members" not in rules_of(planned)
    assert "samrad-forbund-delegation" not in rules_of(planned)
    assert "samrad-representatives" not in rules_of(planned)
    rep = planned.participants.filter(represents__forbund=demo[OWN]).select_related("person").first()
    before = rep.person
    taken = planned.participants.values_list("person_id", flat=True)
    ledamot = (Mandate.objects.active_on(planned.date).filter(forbund=demo[OWN], role="ledamot")
               .exclude(person_id__in=taken).first().person)
    services.change_participant(rep, demo[OWN], user=office, person=ledamot)
    assert "samrad-representatives" in rules_of(planned)
    services.change_participant(rep, demo[OWN], user=office, person=before)
    assert "samrad-representatives" not in rules_of(planned)


def test_a_reply_not_coming_leaves_the_member_unrepresented(demo, office, planned):
    services.invite_representatives(planned, demo[OWN], user=office)
    rep = planned.participants.filter(represents__forbund=demo[OWN], represents__kind="kommun").first()
    services.record_reply(rep, demo[OWN], user=office, reply="not_coming", day=TODAY)
    assert "samrad-all-members" in rules_of(planned)
    rep.refresh_from_db()
    assert rep.replied_on == TODAY
    services.record_reply(rep, demo[OWN], user=office, reply="coming", day=TODAY)
    assert "samrad-all-members" not in rules_of(planned)


def test_a_convener_without_appointing_member_and_a_date_in_autumn_show_live(demo, office, planned):
    services.change_consultation(planned, demo[OWN], user=office, convener_appointed_by=None,
                                 date=datetime.date(TODAY.year + 1, 9, 15))
    assert {"samrad-convener", "samrad-timing"} <= set(rules_of(planned))


def test_invitations_are_queued_once_with_the_pdf(demo, office, planned):
    services.invite_representatives(planned, demo[OWN], user=office)
    invited = services.send_invitations(planned, demo[OWN], user=office, day=TODAY)
    assert invited and all(p.invited_on == TODAY for p in Participant.objects.filter(consultation=planned))
    message = Message.objects.get(kind="samrad-invitation")
    assert message.attachments.filter(filename=invitation.filename(planned)).exists()
    with pytest.raises(DomainError):
        services.send_invitations(planned, demo[OWN], user=office, day=TODAY)


def test_a_held_samrad_cannot_be_recorded_before_its_day(demo, office, planned):
    with pytest.raises(DomainError):
        services.record_consultation(planned, demo[OWN], user=office, attended=set(), notes={}, statements={})


def test_recording_and_the_notes_pdf_hold_topics_notes_and_statements(demo, office):
    own = demo[OWN]
    c = services.plan_consultation(own, user=office, kind="medlemssamrad", date=TODAY, other_forbund=[demo[OTHER]])
    services.invite_representatives(c, own, user=office)
    first = c.agenda.order_by("position").first()
    member = Member.objects.get(external_id="vv-1980")
    came = set(c.participants.values_list("pk", flat=True)[:3])
    services.record_consultation(c, own, user=office, attended=came, notes={first.pk: "Resultatet gick bra."},
                                 statements={member.pk: "Västerås prioriterar unga vuxna."})
    assert set(c.participants.filter(attended=True).values_list("pk", flat=True)) == came
    assert MemberStatement.objects.get(consultation=c).text == "Västerås prioriterar unga vuxna."
    text = subprocess.run(["pdftotext", "-", "-"], input=invitation.notes_pdf(c, day=TODAY), capture_output=True,
                          check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "Resultatet gick bra." in flat and "Västerås prioriterar unga vuxna." in flat
    assert "Budgetförutsättningar" in flat and "strukturella hinder" in flat
    message = services.send_notes(c, own, user=office, day=TODAY)
    assert message.attachments.get().filename == invitation.notes_filename(c)
    assert message.deliveries.count() >= len(came)


def test_notes_that_read_as_decisions_are_the_rules_concern(demo, office):
    own = demo[OWN]
    c = services.plan_consultation(own, user=office, kind="medlemssamrad", date=TODAY)
    first = c.agenda.order_by("position").first()
    services.record_consultation(c, own, user=office, attended=set(), notes={first.pk: "Samrådet beslutade att X."},
                                 statements={})
    assert "samrad-no-decisions" in rules_of(c)
    services.record_consultation(c, own, user=office, attended=set(), notes={first.pk: "Samtal om X."}, statements={})
    assert "samrad-no-decisions" not in rules_of(c)


@pytest.mark.parametrize("persona,status", [("office", 200), ("outsider", 200), ("board", 403)])
def test_the_plan_page_for_the_office_of_each_covered_forbund(persona_client, planned, persona, status):
    slug = OTHER if persona == "outsider" else OWN
    client = persona_client(persona)
    assert client.get(reverse("consultation-plan", args=[slug, planned.external_id])).status_code == status


def test_an_uncovered_forbund_gets_404(persona_client, demo, office):
    c = services.plan_consultation(demo[OWN], user=office, kind="medlemssamrad", date=spring_next_year())
    client = persona_client("outsider")
    assert client.get(reverse("consultation-detail", args=[OTHER, c.external_id])).status_code == 404
    assert client.get(reverse("consultation-plan", args=[OTHER, c.external_id])).status_code == 404


def test_the_other_forbund_sees_its_part_in_its_own_list(persona_client, planned, demo, office):
    services.invite_representatives(planned, demo[OWN], user=office)
    page = persona_client("outsider").get(reverse("forbund-samrad", args=[OTHER])).content.decode()
    assert reverse("consultation-detail", args=[OTHER, planned.external_id]) in page
    detail = persona_client("outsider").get(reverse("consultation-detail", args=[OTHER, planned.external_id]))
    assert "Västerås" in detail.content.decode()  # the other förbund's members in the samråd


def test_the_plan_form_posts_through_the_service(persona_client, demo):
    client = persona_client("office")
    day = spring_next_year()
    response = client.post(reverse("consultation-new", args=[OWN]), {
        "kind": "medlemssamrad", "date": day.isoformat(), "start_time": "09:30", "place": "Sala",
        "other_forbund": [demo[OTHER].pk]})
    c = Consultation.objects.get(external_id__startswith=f"samrad-{OWN}-{day.isoformat()}", place="Sala")
    assert response.status_code == 302 and c.place == "Sala" and c.forbund.count() == 2
    bad = client.post(reverse("consultation-new", args=[OWN]), {"kind": "medlemssamrad", "date": "2026-13-01"})
    assert bad.status_code == 200 and "Datum" in bad.content.decode()


def test_the_demo_has_a_coming_samrad_of_both_forbund_with_invitations_sent(demo):
    c = Consultation.objects.get(external_id=f"samrad-{OWN}-{TODAY.year + 1}-05-12")
    assert sorted(c.forbund.values_list("slug", flat=True)) == [OTHER, OWN]
    assert c.invitations_sent_on == TODAY and c.participants.filter(invited_on__isnull=True).count() == 0


def test_participant_and_agenda_ids_on_the_pages_have_no_thousands_separator(persona_client, planned, demo, office):
    """Swedish number formatting writes 12 345 as "12 345": an id in an HTML id or form value must not."""
    import re

    services.invite_representatives(planned, demo[OWN], user=office)
    participant = Participant.objects.filter(consultation=planned).order_by("pk").first()
    Participant.objects.filter(pk=participant.pk).update(id=12345)
    agenda = planned.agenda.order_by("pk").first()
    type(agenda).objects.filter(pk=agenda.pk).update(id=23456)
    client = persona_client("office")
    for name in ("consultation-plan", "consultation-hold"):
        page = client.get(reverse(name, args=[OWN, planned.external_id])).content.decode()
        assert "12345" in page
        assert not re.search(r"12\s345|12\xa0345|23\s456|23\xa0456", page), name
