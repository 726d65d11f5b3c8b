"""ForbundOwned (samordna/lib/models.py): a row below another takes its förbund from the parent and never
belongs to another förbund than its parent does."""

import pytest
from django.core.exceptions import ValidationError

from samordna.finance.models import Budget, Contribution
from samordna.lib import services
from samordna.lib.services import DomainError
from samordna.meetings.models import Attendance, Decision, Meeting, Vote
from samordna.organisations.models import Forbund, Member, Person


@pytest.fixture
def two(db):
    a = Forbund.objects.create(slug="sf-a", name="A")
    b = Forbund.objects.create(slug="sf-b", name="B")
    return a, b


def test_a_child_without_a_forbund_takes_its_parents(two):
    a, b = two
    budget = Budget.objects.create(forbund=b, year=2026)
    member = Member.objects.create(forbund=b, external_id="b-fk", kind="forsakringskassan", name="FK")
    contribution = Contribution(budget=budget, member=member, amount=10)
    contribution.full_clean()  # the förbund is required: taken from the budget before the fields are checked
    assert contribution.forbund_id == b.pk
    # save() takes it too, from a parent not yet read (only its id is known)
    saved = Contribution(budget_id=budget.pk, member=member, amount=20)
    saved.save()
    assert Contribution.objects.get(pk=saved.pk).forbund_id == b.pk


def test_a_child_of_another_forbund_than_its_parent_is_refused(two):
    a, b = two
    meeting = Meeting.objects.create(forbund=b, external_id="m-1", date="2026-03-01")
    person = Person.objects.create(external_id="p-1", name="Pia")
    wrong = Attendance(forbund=a, meeting=meeting, person=person)
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert error.value.messages == ["Förbundet måste vara detsamma som för sammanträde ”Sammanträde 2026-03-01”."]
    with pytest.raises(DomainError):
        wrong.save()
    assert not Attendance.objects.exists()


def test_the_check_follows_the_chain_of_parents(two):
    a, b = two
    meeting = Meeting.objects.create(forbund=b, external_id="m-1", date="2026-03-01")
    item = meeting.items.create(external_id="i-1", number=1)
    decision = Decision.objects.create(item=item, outcome="approved")
    person = Person.objects.create(external_id="p-1", name="Pia")
    assert (item.forbund_id, decision.forbund_id) == (b.pk, b.pk)
    with pytest.raises(DomainError):
        Vote.objects.create(forbund=a, decision=decision, person=person, vote="yes")
    assert Vote.objects.create(decision=decision, person=person, vote="yes").forbund_id == b.pk


def test_services_save_refuses_a_disagreeing_forbund_as_a_validation_error(two):
    a, b = two
    budget = Budget.objects.create(forbund=b, year=2026)
    member = Member.objects.create(forbund=b, external_id="b-fk", kind="forsakringskassan", name="FK")
    with services.action("test.contribution"), pytest.raises(ValidationError):
        services.save(Contribution(forbund=a, budget=budget, member=member, amount=10))
    assert not Contribution.objects.exists()


def test_the_history_tables_are_those_of_before():
    # The base declares the history (inherit=True): each model keeps its table and its m2m snapshots.
    from samordna.finance.models import Audit
    from samordna.meetings.models import Minutes

    assert Attendance.history.model._meta.db_table == "meetings_historicalattendance"
    assert Minutes.history.model.adjusters.model._meta.db_table == "meetings_historicalminutes_adjusters"
    assert Audit.history.model.delivered_to.model._meta.db_table == "finance_historicalaudit_delivered_to"
