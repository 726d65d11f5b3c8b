"""The two answers issue 7 found to one question: a förbund's Regelkontroll and /nationell/ now agree.

Written against the pages only (Regelkontroll, the national CSV), so they ran against the old code too."""

import csv
import datetime
import io
import re

import pytest

UN = "sf-uppsala-norra"
VV = "sf-vastra-vastmanland"


def page_rules(client, slug, day):
    """The rule ids of the findings a förbund's Regelkontroll shows, with their counts."""
    text = client.get(f"/f/{slug}/regelkontroll/", {"datum": day.isoformat()}).content.decode()
    found = re.findall(r"<code>([a-z0-9-]+)</code>", text)
    return {rule: found.count(rule) for rule in found}


def national_counts(client, day, rule):
    response = client.get("/nationell/export.csv", {"datum": day.isoformat(), "rule": rule})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {row[0]: int(row[2]) + int(row[3]) + int(row[4]) for row in rows[1:]}


@pytest.mark.django_db
def test_uppsala_norras_page_judges_the_joint_samrad_with_the_forbund_it_covers(persona_client):
    # The convener of the joint samråd of 2026-05-06 is appointed by Västerås, a member of Västra
    # Västmanland, the other förbund the samråd covers: no samrad-convener warning, on either answer.
    day = datetime.date(2026, 5, 7)
    national = national_counts(persona_client("national"), day, "samrad-convener")
    shown = page_rules(persona_client("outsider"), UN, day)  # the outsider persona is Uppsala norra's office
    assert national[UN] == 0
    assert shown.get("samrad-convener", 0) == 0


@pytest.mark.django_db
def test_vastra_vastmanlands_page_and_the_nation_agree_after_a_member_is_edited(persona_client):
    from samordna.organisations.models import Member

    days = [datetime.date(2026, 5, 7), datetime.date(2026, 12, 1), datetime.date(2027, 1, 15)]
    national = persona_client("national")
    for day in days:  # the national answer is stored before the edit
        national_counts(national, day, "budget-consultation")
    edits = [("name", lambda m: (m.name or "") + " "), ("joined", lambda m: datetime.date(2015, 1, 1)),
             ("left", lambda m: datetime.date(2026, 9, 30))]
    for field, value in edits:
        for member in Member.objects.filter(forbund__slug=VV).order_by("pk"):
            setattr(member, field, value(member))
            member.save()
            for day in days:
                nation = national_counts(persona_client("national"), day, "budget-consultation")
                shown = page_rules(persona_client("office"), VV, day).get("budget-consultation", 0)
                assert shown == nation[VV], (member.name, field, day)
