"""A change made through the pages appears in the Händelselogg: who, when (Swedish time), what."""

import datetime
import re

import pytest

from samordna.organisations.models import Mandate, Member
from tests.conftest import TODAY

from .conftest import url

pytestmark = pytest.mark.django_db


def _erik_ledamot(forbund):
    """Erik's ledamot mandate of the term that covers today (the demo has one per term)."""
    return Mandate.objects.filter(forbund=forbund, person__external_id="p-erik", role="ledamot").latest("date_from")


def _mid_term_end(mandate):
    """An earlier end within the mandate's term: 30 June of its last year."""
    return mandate.date_to.replace(month=6, day=30).isoformat()


def _post_edit(client, mandate, **changes):
    data = {"person": mandate.person_id, "role": mandate.role, "basis": mandate.basis or "",
            "appointed_by": [m.pk for m in mandate.appointed_by.all()],
            "substitute_order": mandate.substitute_order or "",
            "date_from": mandate.date_from.isoformat(), "date_to": mandate.date_to.isoformat()}
    data.update(changes)
    return client.post(url("forbund-mandate-edit", pk=mandate.pk), data)


def test_it_logs_a_change_with_user_time_and_changed_fields(office, forbund):
    mandate = _erik_ledamot(forbund)
    old, new = mandate.date_to.isoformat(), _mid_term_end(mandate)
    response = _post_edit(office, mandate, date_to=new)
    assert response.status_code == 302

    row = mandate.history.latest("history_date")
    assert row.history_user.email == "chef@vastmanland.example.se"
    # Stored in UTC; pinned to a known instant (after the demo's own rows, so it stays first in the log).
    assert row.history_date.utcoffset() == datetime.timedelta(0)
    year = TODAY.year + 1  # after the demo's own rows (written on TODAY), so it stays first in the log
    type(row).objects.filter(pk=row.pk).update(
        history_date=datetime.datetime(year, 3, 12, 10, 15, 30, tzinfo=datetime.UTC))

    response = office.get(url("forbund-log"))
    entry = response.context["page"][0]
    assert entry.who == "Karin Lindqvist"
    assert entry.action == "Ändrad"
    assert entry.changes == [("Till och med", old, new)]
    html = response.text
    assert f"{year}-03-12 11:15:30" in html  # 10:15 UTC is 11:15 in Stockholm (CET) in March
    assert f"Till och med: {old} → {new}" in html
    assert "Karin Lindqvist" in html


def test_it_shows_summer_time_in_the_log(office, forbund):
    mandate = _erik_ledamot(forbund)
    _post_edit(office, mandate, date_to=_mid_term_end(mandate))
    row = mandate.history.latest("history_date")
    year = TODAY.year + 1  # after the demo's own rows
    type(row).objects.filter(pk=row.pk).update(
        history_date=datetime.datetime(year, 7, 1, 22, 30, tzinfo=datetime.UTC))
    assert f"{year}-07-02 00:30:00" in office.get(url("forbund-log")).text  # CEST, UTC+2: the next day


def test_it_logs_a_new_member_as_created_by_the_user(office, forbund):
    office.post(url("forbund-member-new"), {"external_id": "vv-1984", "kind": "kommun", "name": "Arboga",
                                            "code": "1984"})
    member = Member.objects.get(external_id="vv-1984")
    entry = office.get(url("forbund-log")).context["page"][0]
    assert (entry.action, entry.who, entry.obj) == ("Skapad", "Karin Lindqvist", str(member))


def test_it_hides_the_log_from_roles_without_it(persona_client):
    assert persona_client("board").get(url("forbund-log")).status_code == 403
    assert persona_client("auditor").get(url("forbund-log")).status_code == 200


@pytest.mark.parametrize("persona", ["office", "auditor"])
def test_it_shows_that_the_ics_token_changed_but_never_the_token(persona_client, forbund, persona):
    from samordna.arshjul.services import new_ics_token

    old = new_ics_token(forbund)
    new = new_ics_token(forbund)
    response = persona_client(persona).get(url("forbund-log"))
    assert response.context["page"][0].changes == [("Hemlig nyckel för årshjulets prenumeration", None, None)]
    assert "Hemlig nyckel för årshjulets prenumeration: ändrad" in response.text
    assert old not in response.text and new not in response.text


def test_it_hides_the_ics_token_in_the_admin_history_too(persona_client, forbund):
    from django.urls import reverse

    from samordna.arshjul.services import new_ics_token

    old = new_ics_token(forbund)
    new = new_ics_token(forbund)
    html = persona_client("admin").get(reverse("admin:organisations_forbund_history", args=[forbund.pk])).text
    assert "Hemlig nyckel för årshjulets prenumeration:</strong>\n    ändrad" in html
    assert old not in html and new not in html


def test_it_names_related_objects_in_a_change(office, forbund):
    mandate = _erik_ledamot(forbund)
    member = Member.objects.filter(forbund=forbund).exclude(pk__in=mandate.appointed_by.all()).first()
    before = ", ".join(m.name for m in mandate.appointed_by.order_by("pk"))
    mandate.appointed_by.set([member])
    changes = [c for e in office.get(url("forbund-log")).context["page"][:2] for c in e.changes]
    assert ("Utsedd av", before, "–") in changes  # the clear, then the add: simple-history logs each
    assert ("Utsedd av", "–", member.name) in changes


def _clear_history():
    from simple_history.models import registered_models

    for model in registered_models.values():
        if hasattr(model._meta, "simple_history_manager_attribute"):  # not the many-to-many through models
            model.history.all().delete()


def _change_mandates(forbund, steps):
    """A change of the förbund's mandates per step: an end date, or (every fifth) who appointed one."""
    mandates = list(Mandate.objects.filter(forbund=forbund).order_by("pk"))
    members = list(Member.objects.filter(forbund=forbund).order_by("pk"))
    for i in steps:
        mandate = mandates[i % len(mandates)]
        if i % 5 == 0:
            member = members[i % len(members)]
            if mandate.appointed_by.filter(pk=member.pk).exists():
                mandate.appointed_by.remove(member)
            else:
                mandate.appointed_by.add(member)
        else:
            mandate.date_to = datetime.date(2030, 1, 1) + datetime.timedelta(days=i)
            mandate.save()


@pytest.mark.usefixtures("uncached_pages")
def test_it_makes_as_many_queries_for_fifty_rows_as_for_five(office, forbund, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _clear_history()
    for mandate in Mandate.objects.filter(forbund=forbund):
        mandate.save()  # a version of each to compare the changes with
    _change_mandates(forbund, range(5))
    office.get(url("forbund-log"))  # warm: the session and whatever is cached once
    with CaptureQueriesContext(connection) as few:
        response = office.get(url("forbund-log"))
    assert all(e.changes for e in response.context["page"][:5])
    _change_mandates(forbund, range(5, 50))
    with django_assert_max_num_queries(len(few)):
        response = office.get(url("forbund-log"))
    page = response.context["page"]
    assert len(page) == 50
    assert {e.model for e in page} == {"Uppdrag"}
    assert all(e.changes for e in page)
    assert len({e.obj for e in page}) > 5  # the mandates of several persons, each described by name


@pytest.mark.usefixtures("uncached_pages")
def test_it_describes_rows_of_every_model_in_as_many_queries_for_one_as_for_all(demo):
    # Guards audit.register(related=…): a model whose __str__ reads a relation not named there would cost a
    # query per row.
    from collections import defaultdict

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.lib import audit

    created = defaultdict(list)
    for forbund in demo.values():
        for row in audit.history_rows(forbund, limit=10_000):
            if row.history_type == "+":
                created[type(row)].append(row)
    assert len([rows for rows in created.values() if len(rows) > 1]) > 10
    for model, rows in created.items():
        with CaptureQueriesContext(connection) as one:
            audit.entries(rows[:1])
        with CaptureQueriesContext(connection) as every:
            audit.entries(rows)
        assert len(every) == len(one), (model.__name__, len(rows), len(one), len(every))


def test_it_keeps_the_current_ics_token_when_the_admin_reverts_the_forbund(persona_client, forbund):
    from django.urls import reverse

    from samordna.arshjul.services import new_ics_token

    new_ics_token(forbund)
    old_version = forbund.history.latest("history_date")
    current = new_ics_token(forbund)
    data = {"slug": forbund.slug, "name": "Omdöpt", "board_term_start": forbund.board_term_start,
            "notice_days": forbund.notice_days, "adjust_within_days": forbund.adjust_within_days,
            "report_interval_months": forbund.report_interval_months, "fee_basis": forbund.fee_basis,
            "members-TOTAL_FORMS": 0, "members-INITIAL_FORMS": 0}
    path = reverse("admin:organisations_forbund_simple_history", args=[forbund.pk, old_version.history_id])
    response = persona_client("admin").post(path, data)
    assert response.status_code == 302
    forbund.refresh_from_db()
    assert forbund.name == "Omdöpt"
    assert forbund.ics_token == current


START = datetime.datetime(2001, 1, 1, 9, 0, tzinfo=datetime.UTC)  # long before the demo's own rows


def _changes_across_models(forbund, n):
    """n changes alternating between a member (renamed "Version 000", …) and a mandate, a minute apart."""
    member = Member.objects.filter(forbund=forbund).order_by("pk").first()
    mandate = Mandate.objects.filter(forbund=forbund).order_by("pk").first()
    members, mandates = [], []
    for i in range(n):
        obj = Member.objects.get(pk=member.pk) if i % 2 == 0 else Mandate.objects.get(pk=mandate.pk)
        if i % 2 == 0:
            obj.name = f"Version {i:03d}"
            members.append(obj)
        else:
            obj.date_to = datetime.date(2030, 1, 1) + datetime.timedelta(days=i)
            mandates.append(obj)
        obj._history_date = START + datetime.timedelta(minutes=i)
    Member.history.bulk_history_create(members, update=True)
    Mandate.history.bulk_history_create(mandates, update=True)


@pytest.fixture
def long_history(forbund):
    """520 changes, more than the 500 the log once stopped at: 11 pages, the last of 20."""
    _clear_history()
    _changes_across_models(forbund, 520)
    return 520


def test_it_pages_through_the_whole_history_to_the_oldest_change(office, long_history):
    page = office.get(url("forbund-log")).context["page"]
    assert (page.paginator.count, page.paginator.num_pages) == (long_history, 11)
    assert page[0].when == START + datetime.timedelta(minutes=long_history - 1)

    response = office.get(url("forbund-log"), {"sida": 11})
    last = response.context["page"]
    assert len(last) == 20
    assert last[-1].when == START
    assert (last[-1].model, last[-1].obj) == ("Medlem", "Version 000")
    assert "Version 000" in response.text and "Sida 11 av 11" in response.text


def test_it_shows_every_change_once_across_the_pages_newest_first(office, long_history):
    pages = [office.get(url("forbund-log"), {"sida": sida}).context["page"] for sida in range(1, 12)]
    shown = [entry.when for page in pages for entry in page]
    assert shown == [START + datetime.timedelta(minutes=i) for i in reversed(range(long_history))]


@pytest.mark.usefixtures("uncached_pages")
def test_it_orders_changes_made_at_the_same_instant_the_same_way_on_every_page(office, forbund):
    _clear_history()
    _changes_across_models(forbund, 120)
    for model in (Member, Mandate):
        model.history.update(history_date=START)
    first = [(e.model, e.obj, e.changes) for sida in (1, 2, 3)
             for e in office.get(url("forbund-log"), {"sida": sida}).context["page"]]
    assert len(first) == 120
    again = [(e.model, e.obj, e.changes) for sida in (1, 2, 3)
             for e in office.get(url("forbund-log"), {"sida": sida}).context["page"]]
    assert again == first
    members = [obj for model, obj, _ in first if model == "Medlem"]
    assert members == [f"Version {i:03d}" for i in reversed(range(0, 120, 2))]  # the latest row first


@pytest.mark.usefixtures("uncached_pages")
def test_it_makes_as_many_queries_for_the_last_page_as_for_the_first(office, long_history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office.get(url("forbund-log"))  # warm: the session and whatever is cached once
    counts = []
    for sida in (1, 6, 11):
        with CaptureQueriesContext(connection) as queries:
            response = office.get(url("forbund-log"), {"sida": sida})
        assert {e.model for e in response.context["page"]} == {"Medlem", "Uppdrag"}
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_it_says_which_page_of_the_log_in_the_title(office, long_history):
    def title(response):
        return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)

    first = title(office.get(url("forbund-log")))
    assert first.startswith("Händelselogg – ") and "sida" not in first
    assert title(office.get(url("forbund-log"), {"sida": 3})) == f"{first} – sida 3 av 11"
