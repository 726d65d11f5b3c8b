"""One findings path: page = national = CLI = a whole export's check, for every förbund, on several dates,
before and after edits (the store may serve a row only while nothing it read has changed)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from samordna.checks.models import StoredFindings
from samordna.checks.store import findings_for
from samordna.exchange.exporter import export_document
from samordna.organisations.models import Forbund, Mandate, Member, Person
from samordna.rules import check_document

DATES = (datetime.date(2024, 3, 15), datetime.date(2025, 12, 1), datetime.date(2026, 5, 7),
         datetime.date(2026, 12, 20))


def cli_findings(as_of, *forbund):
    out = io.StringIO()
    args = ["--format", "json", "--as-of", as_of.isoformat()]
    if forbund:
        args += ["--forbund", *forbund]
    try:
        call_command("rules_check", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        assert exit_.code in (0, 1)
    return json.loads(out.getvalue())["findings"]


def assert_one_answer(dates=DATES):
    """For every förbund and date: the page's answer (served from the store where it is current, the
    förbund asked for first), the national one, the CLI's and the whole export's check agree."""
    slugs = sorted(Forbund.objects.values_list("slug", flat=True))
    doc = export_document(None)
    for as_of in dates:
        truth = check_document(doc, as_of)
        for slug in slugs:
            mine = [f for f in truth if f.forbund == slug]
            assert findings_for([slug], as_of) == mine, (slug, as_of)
        assert findings_for(None, as_of) == truth, as_of
        assert cli_findings(as_of) == [f.as_json() for f in truth], as_of
    # And cold the other way round: the nation first, then each förbund from what the nation stored.
    StoredFindings.objects.all().delete()
    for as_of in dates[-2:]:
        truth = check_document(doc, as_of)
        assert findings_for(None, as_of) == truth
        for slug in slugs:
            assert findings_for([slug], as_of) == [f for f in truth if f.forbund == slug], (slug, as_of)
            assert cli_findings(as_of, slug) == [f.as_json() for f in truth if f.forbund == slug]


def edits():
    """ORM edits of a member, a person, a mandate, a meeting and a samråd, each touching shared data."""
    from samordna.meetings.models import Meeting
    from samordna.samrad.models import Consultation, Participant

    def member():
        m = Member.objects.filter(forbund__slug="sf-vastra-vastmanland").order_by("pk").last()
        m.name = (m.name or "") + " (ändrad)"
        m.left = datetime.date(2025, 10, 1)
        m.save()

    def person():
        p = Person.objects.filter(mandates__isnull=False).order_by("pk").first()
        p.name = "Ny Namnsson"
        p.save()

    def mandate():
        m = Mandate.objects.filter(role="ordforande").order_by("pk").first()
        m.date_to = m.date_from + datetime.timedelta(days=180)
        m.save()

    def meeting():
        from tests.conftest import unfrozen

        mt = Meeting.objects.order_by("pk").first()
        with unfrozen([mt]):  # adjusted minutes are frozen
            mt.notice_sent = mt.date - datetime.timedelta(days=1)
            mt.save()

    def samrad():
        # a held samråd (the demo also plans coming ones, without participants yet)
        held = Participant.objects.values("consultation")
        c = Consultation.objects.filter(forbund__isnull=False, pk__in=held).order_by("pk").last()
        c.convener_appointed_by = None
        c.save()
        Participant.objects.filter(consultation=c).order_by("pk").first().delete()

    def convener_member():
        # The convener's member (of one covered förbund) leaves before the samråd: the other förbund's
        # samrad-convener judgement changes with data that is not its own.
        from django.db.models import Count

        c = (Consultation.objects.annotate(n=Count("forbund")).filter(n__gte=2, convener_appointed_by__isnull=False)
             .order_by("date").first())
        m = c.convener_appointed_by
        m.left = c.date - datetime.timedelta(days=1)
        m.save()

    def samrad_cover():
        c = Consultation.objects.filter(forbund__isnull=False).order_by("pk").first()
        c.forbund.remove(c.forbund.order_by("pk").first())

    return [convener_member, member, person, mandate, meeting, samrad, samrad_cover]


@pytest.mark.django_db
def test_demo_one_answer_before_and_after_edits(demo):
    assert_one_answer()
    for edit in edits():
        edit()
        assert_one_answer(DATES[1:3])


@pytest.mark.django_db
def test_demo_one_answer_after_a_reimport(demo):
    from samordna.exchange.importer import import_document

    assert_one_answer(DATES[2:])
    doc = export_document(None)
    for forbund in doc["forbund"]:
        for member in forbund.get("members") or []:
            member["name"] = (member.get("name") or member["id"]) + " X"
        for meeting in forbund.get("meetings") or []:
            if not (meeting.get("minutes") or {}).get("adjusted"):  # adjusted minutes are frozen
                meeting.pop("notice_sent", None)
    for person in doc["persons"]:
        person["name"] = person.get("name", "") + " Y"
    import_document(doc)
    assert_one_answer(DATES[2:])
    # A file of one förbund whose persons sit in the other's samråd too.
    one = export_document(["sf-uppsala-norra"])
    for person in one["persons"]:
        person["name"] = person.get("name", "") + " Z"
    import_document(one)
    assert_one_answer(DATES[2:])


@pytest.mark.django_db
def test_generated_set_one_answer_before_and_after_edits():
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document

    import_document(generate(8, 3, 7))
    assert_one_answer(DATES[1:])
    for edit in edits():
        try:
            edit()
        except (AttributeError, TypeError):  # nothing of that kind in the set
            continue
        assert_one_answer(DATES[2:])
