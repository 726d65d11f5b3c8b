"""The office's everyday edits through the organisations services: preconditions refused on their field in
Swedish, removal of a row entered by mistake, the findings a save causes, a new board term, the actions in
the Händelselogg, and the förbund's own persons only."""

import datetime

import pytest
from django.contrib.messages import get_messages

from samordna.audit.models import Action
from samordna.lib.dates import today
from samordna.organisations import services
from samordna.organisations.models import Mandate, Member, Person

from .conftest import OTHER, url

pytestmark = pytest.mark.django_db


def _member(forbund, **kw):
    return Member.objects.get(forbund=forbund, **kw)


def _mandate(forbund, external_id, role):
    # the mandate of the latest term (the demo holds one per term since its founding)
    return Mandate.objects.filter(forbund=forbund, person__external_id=external_id, role=role).latest("date_from")


def _mandate_post(mandate, **changes):
    data = {"person": mandate.person_id, "role": mandate.role, "basis": mandate.basis or "",
            "appointed_by": [m.pk for m in mandate.appointed_by.all()],
            "substitute_order": mandate.substitute_order or "",
            "date_from": mandate.date_from.isoformat(), "date_to": mandate.date_to.isoformat() if mandate.date_to else ""}
    data.update(changes)
    return data


def _new_person(forbund, external_id="p-ny", name="Ny Person"):
    return services.create_person(forbund, user=None, external_id=external_id, name=name)


# Preconditions -------------------------------------------------------------------------------------------

def test_it_refuses_a_second_forsakringskassan_at_the_same_time(office, forbund):
    before = Member.objects.count()
    response = office.post(url("forbund-member-new"), {"external_id": "vv-fk2", "kind": "forsakringskassan",
                                                        "name": "Försäkringskassan igen"})
    assert response.status_code == 200
    [error] = response.context["form"].errors["kind"]
    assert error.startswith("Förbundet har redan Försäkringskassan som medlem under samma tid")
    assert "Formuläret innehåller fel" in response.text
    assert Member.objects.count() == before


def test_it_accepts_a_forsakringskassan_after_the_former_one_left(office, forbund):
    fk = _member(forbund, kind="forsakringskassan")
    fk.joined, fk.left = datetime.date(2020, 1, 1), datetime.date(2024, 12, 31)
    fk.save()
    response = office.post(url("forbund-member-new"), {"external_id": "vv-fk2", "kind": "forsakringskassan",
                                                        "name": "Försäkringskassan", "joined": "2025-01-01"})
    assert response.status_code == 302
    assert Action.objects.filter(name="member.created", object_repr="Försäkringskassan").exists()


def test_it_refuses_a_second_ordforande_at_the_same_time(office, forbund):
    ordforande = _mandate(forbund, "p-erik", "ordforande")
    person = _mandate(forbund, "p-vv-1962-led", "ledamot").person
    before = Mandate.objects.count()
    response = office.post(url("forbund-mandate-new"), {
        "person": person.pk, "role": "ordforande", "date_from": ordforande.date_to.isoformat(),
        "date_to": (ordforande.date_to + datetime.timedelta(days=365)).isoformat()})
    [error] = response.context["form"].errors["role"]
    assert error.startswith(f"Ordförande är redan tillsatt den {ordforande.date_to.isoformat()} (Erik Sandberg)")
    assert Mandate.objects.count() == before


def test_it_accepts_an_ordforande_from_the_day_after_the_former_one_ends(office, forbund):
    ordforande = _mandate(forbund, "p-erik", "ordforande")
    person = _mandate(forbund, "p-vv-1962-led", "ledamot").person
    start = ordforande.date_to + datetime.timedelta(days=1)
    response = office.post(url("forbund-mandate-new"), {
        "person": person.pk, "role": "ordforande", "date_from": start.isoformat()})
    assert response.status_code == 302
    assert Mandate.objects.filter(person=person, role="ordforande", date_from=start).exists()


def test_it_accepts_two_vice_ordforande_but_not_three(office, forbund):
    vice = Mandate.objects.filter(forbund=forbund, role="vice_ordforande").latest("date_from")
    second, third = (_mandate(forbund, pid, "ledamot").person for pid in ("p-vv-1962-led", "p-vv-1961-led"))
    period = {"role": "vice_ordforande", "date_from": vice.date_from.isoformat(), "date_to": vice.date_to.isoformat()}
    assert office.post(url("forbund-mandate-new"), {"person": second.pk, **period}).status_code == 302
    response = office.post(url("forbund-mandate-new"), {"person": third.pk, **period})
    assert "kan ha 2 åt gången" in response.context["form"].errors["role"][0]


def test_it_refuses_a_six_year_mandate(office, forbund):
    person = _new_person(forbund)
    vasteras = _member(forbund, code="1980")
    response = office.post(url("forbund-mandate-new"), {
        "person": person.pk, "role": "ledamot", "appointed_by": [vasteras.pk], "basis": "fullmaktige",
        "date_from": "2027-01-01", "date_to": "2032-12-31"})
    assert response.context["form"].errors["date_to"] == [
        "En ledamot eller ersättare utses för högst fyra år (FinsamL 11 §): uppdraget från 2027-01-01 kan gälla "
        "till och med 2030-12-31."]
    assert not Mandate.objects.filter(person=person).exists()
    # Four years exactly is a term.
    response = office.post(url("forbund-mandate-new"), {
        "person": person.pk, "role": "ledamot", "appointed_by": [vasteras.pk], "basis": "fullmaktige",
        "date_from": "2027-01-01", "date_to": "2030-12-31"})
    assert response.status_code == 302


@pytest.mark.parametrize("field, value", [("joined", "1850-01-01"), ("left", "2300-12-31")])
def test_it_refuses_member_dates_outside_1900_to_2200(office, forbund, field, value):
    response = office.post(url("forbund-member-new"), {"external_id": "vv-1984", "kind": "kommun",
                                                        "name": "Arboga", "code": "1984", field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Ange ett datum mellan 1900-01-01 och 2200-12-31."]
    assert not Member.objects.filter(external_id="vv-1984").exists()


def test_it_refuses_a_mandate_date_outside_the_range_in_the_service_too(forbund):
    from samordna.lib.services import DomainError

    mandate = _mandate(forbund, "p-erik", "ordforande")
    with pytest.raises(DomainError) as raised:
        services.end_mandate(mandate, datetime.date(2201, 1, 1), user=None)
    assert raised.value.field == "date_to"
    mandate.refresh_from_db()
    assert mandate.date_to != datetime.date(2201, 1, 1)


# Persons of the förbund only -----------------------------------------------------------------------------

def test_it_hides_another_forbunds_meeting_secretary(persona_client, demo):
    secretary = Person.objects.get(external_id="p-vv-sekr")  # in Västra Västmanland's meetings, no mandate
    assert not secretary.mandates.exists()
    outsider = persona_client("outsider")  # the office of Uppsala norra
    assert outsider.get(url("forbund-person-edit", slug=OTHER, pk=secretary.pk)).status_code == 404
    response = outsider.post(url("forbund-person-edit", slug=OTHER, pk=secretary.pk),
                             {"external_id": "p-vv-sekr", "name": "Kapad"})
    assert response.status_code == 404
    assert outsider.get(url("forbund-person-remove", slug=OTHER, pk=secretary.pk)).status_code == 404
    secretary.refresh_from_db()
    assert secretary.name == "Hanna Viklund"
    offered = outsider.get(url("forbund-mandate-new", slug=OTHER)).context["form"].fields["person"].queryset
    assert secretary not in offered
    # Her own förbund's office sees and edits her.
    office = persona_client("office")
    assert office.get(url("forbund-person-edit", pk=secretary.pk)).status_code == 200
    assert "Hanna Viklund" in office.get(url("forbund-persons")).text


def test_it_hides_a_person_another_office_created_that_nothing_refers_to_yet(persona_client, forbund):
    office = persona_client("office")
    office.post(url("forbund-person-new"), {"external_id": "p-vv-ny", "name": "Ny i Västmanland"})
    person = Person.objects.get(external_id="p-vv-ny")
    assert office.get(url("forbund-person-edit", pk=person.pk)).status_code == 200
    assert person in office.get(url("forbund-mandate-new")).context["form"].fields["person"].queryset
    outsider = persona_client("outsider")
    assert outsider.get(url("forbund-person-edit", slug=OTHER, pk=person.pk)).status_code == 404
    assert person not in outsider.get(url("forbund-mandate-new", slug=OTHER)).context["form"].fields["person"].queryset


def test_it_shares_the_people_of_a_joint_samrad_with_both_forbund(persona_client, demo):
    representative = Person.objects.get(external_id="p-rep-vv-fk")  # at the samråd covering both
    assert persona_client("outsider").get(
        url("forbund-person-edit", slug=OTHER, pk=representative.pk)).status_code == 200


def test_it_names_every_relation_to_a_person_among_the_references():
    from django.apps import apps

    from samordna.lib.services import is_domain_model
    from samordna.organisations.models import PERSON_REFERENCES

    relations = {
        (r.related_model._meta.app_label, r.related_model.__name__, r.field.name)
        for r in Person._meta.get_fields(include_hidden=True)
        if r.auto_created and not r.concrete and is_domain_model(r.related_model)
        and not r.related_model._meta.auto_created
    }
    assert relations == {(app, model, field) for app, model, field, _path in PERSON_REFERENCES}
    assert all(apps.get_model(app, model) for app, model, _f, _p in PERSON_REFERENCES)


# Removing a row entered by mistake ----------------------------------------------------------------------

def test_it_removes_a_member_entered_by_mistake_after_confirmation(office, forbund):
    office.post(url("forbund-member-new"), {"external_id": "vv-1984", "kind": "kommun", "name": "Arboga",
                                            "code": "1984"})
    member = Member.objects.get(external_id="vv-1984")
    edit = office.get(url("forbund-member-edit", pk=member.pk)).text
    assert url("forbund-member-remove", pk=member.pk) in edit and "Ta bort" in edit
    confirm = office.get(url("forbund-member-remove", pk=member.pk))
    assert "Medlemmen Arboga (Kommun) tas bort" in confirm.text
    assert 'name="csrfmiddlewaretoken"' in confirm.text
    assert Member.objects.filter(pk=member.pk).exists()  # a GET removes nothing
    response = office.post(url("forbund-member-remove", pk=member.pk))
    assert response.status_code == 302 and response["Location"] == url("forbund-members")
    assert not Member.objects.filter(pk=member.pk).exists()
    action = Action.objects.get(name="member.removed")
    assert (action.forbund, action.object_repr, action.data["external_id"]) == (forbund, "Arboga", "vv-1984")


def test_it_refuses_to_remove_a_member_that_appointed_mandates(office, forbund):
    vasteras = _member(forbund, code="1980")
    response = office.post(url("forbund-member-remove", pk=vasteras.pk))
    assert response.status_code == 409
    assert "Västerås kan inte tas bort: uppdrag" in response.text
    assert "ange ett utträdesdatum i stället" in response.text
    assert Member.objects.filter(pk=vasteras.pk).exists()
    assert not Action.objects.filter(name="member.removed").exists()


def test_it_removes_a_mandate_and_then_the_person_entered_by_mistake(office, forbund):
    person = _new_person(forbund)
    vasteras = _member(forbund, code="1980")
    office.post(url("forbund-mandate-new"), {"person": person.pk, "role": "ledamot", "appointed_by": [vasteras.pk],
                                             "basis": "fullmaktige", "date_from": "2026-01-01",
                                             "date_to": "2026-12-31"})
    mandate = Mandate.objects.get(person=person)

    refused = office.post(url("forbund-person-remove", pk=person.pk))
    assert refused.status_code == 409
    assert "avsluta uppdraget (ange ett slutdatum) i stället" in refused.text
    assert Person.objects.filter(pk=person.pk).exists()

    confirm = office.get(url("forbund-mandate-remove", pk=mandate.pk)).text
    assert "Uppdraget som ledamot för Ny Person (2026-01-01–2026-12-31, utsett av Västerås) tas bort" in confirm
    assert office.post(url("forbund-mandate-remove", pk=mandate.pk)).status_code == 302
    assert not Mandate.objects.filter(pk=mandate.pk).exists()
    assert office.post(url("forbund-person-remove", pk=person.pk)).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert list(Action.objects.filter(name__endswith=".removed").order_by("id").values_list("name", flat=True)) == [
        "mandate.removed", "person.removed"]


def test_it_refuses_to_remove_for_roles_that_may_not_change(persona_client, forbund):
    member = _member(forbund, code="1962")
    for role in ("board", "member", "auditor", "national"):
        assert persona_client(role).post(url("forbund-member-remove", pk=member.pk)).status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


# The findings a save causes --------------------------------------------------------------------------------

def test_it_shows_the_finding_a_save_causes(office, forbund):
    ordforande = _mandate(forbund, "p-erik", "ordforande")
    response = office.post(url("forbund-mandate-edit", pk=ordforande.pk),
                           _mandate_post(ordforande, date_to=(today() - datetime.timedelta(days=1)).isoformat()),
                           follow=True)
    assert response.redirect_chain[-1][0] == url("forbund-mandates")
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "Uppdraget är sparat."
    new = [m for m in shown if m.startswith("Ändringen ger en ny avvikelse (fel, board-officers)")]
    assert len(new) == 1, shown
    assert new[0] in response.text


def test_it_shows_no_finding_when_a_save_causes_none(office, forbund):
    response = office.post(url("forbund-person-new"), {"external_id": "p-vv-ny", "name": "Ny Person"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ny Person är sparad. Lägg nu till personens uppdrag."]


# Ny mandatperiod ------------------------------------------------------------------------------------------

@pytest.fixture
def renewal(forbund):
    """The next term, with the board running to the end of the current one."""
    term = services.next_term(forbund, today())
    Mandate.objects.filter(forbund=forbund, role__in=services.RENEWED_ROLES).active_on(today()).update(
        date_to=term.start - datetime.timedelta(days=1))
    return term


def test_it_previews_the_new_board_term(office, forbund, renewal):
    response = office.get(url("forbund-board-renew"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert len(plan) == 14  # six members × (ledamot, ersättare), the ordförande and a vice
    assert [p.role for p in plan[:6]] == ["ledamot"] * 6
    assert [p.role for p in plan[-2:]] == ["ordforande", "vice_ordforande"]
    assert f"Nya uppdrag för {renewal.label}" in response.text
    assert not Mandate.objects.filter(date_from=renewal.start).exists()  # a preview writes nothing


def test_it_creates_the_new_board_term_in_one_action(office, forbund, renewal):
    before = {(m.person_id, m.role, m.substitute_order, tuple(m.appointed_by.values_list("pk", flat=True)))
              for m in Mandate.objects.filter(forbund=forbund, role__in=services.RENEWED_ROLES)}
    # Two ersättare for Västerås, in call-in order: the order goes with them.
    vasteras = _member(forbund, code="1980")
    second = services.create_mandate(forbund, user=None, person=_new_person(forbund), role="ersattare",
                                     appointed_by=[vasteras], basis="fullmaktige_ersattare", substitute_order=2,
                                     date_from=renewal.start - datetime.timedelta(days=30),
                                     date_to=renewal.start - datetime.timedelta(days=1))
    before.add((second.person_id, "ersattare", 2, (vasteras.pk,)))

    response = office.post(url("forbund-board-renew"), {"term": renewal.start.isoformat()})
    assert response.status_code == 302 and response["Location"] == url("forbund-mandates")
    created = Mandate.objects.filter(forbund=forbund, date_from=renewal.start)
    assert {m.date_to for m in created} == {renewal.end}
    assert {(m.person_id, m.role, m.substitute_order, tuple(m.appointed_by.values_list("pk", flat=True)))
            for m in created} == before
    action = Action.objects.get(name="board.renewed")
    assert (action.forbund, action.data["term"], action.data["mandates"]) == (forbund, renewal.label, 15)
    assert action.user.email == "chef@vastmanland.example.se"
    assert {row.history_change_reason for m in created for row in m.history.all()} == {f"#{action.pk}"}


def test_it_refuses_a_second_renewal_of_the_same_term(office, forbund, renewal):
    assert office.post(url("forbund-board-renew"), {"term": renewal.start.isoformat()}).status_code == 302
    count = Mandate.objects.count()
    response = office.post(url("forbund-board-renew"), {"term": renewal.start.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Det finns redan uppdrag i styrelsen för mandatperioden {renewal.label}. Ändra dem på sidan Uppdrag i stället."]
    assert Mandate.objects.count() == count
    assert Action.objects.filter(name="board.renewed").count() == 1
    assert "Skapa " not in office.get(url("forbund-board-renew")).text  # no button once the term has a board


def test_it_leaves_out_a_member_that_has_left_by_the_new_term(office, forbund, renewal):
    norberg = _member(forbund, code="1962")
    norberg.left = renewal.start - datetime.timedelta(days=1)
    norberg.save()
    plan = services.board_renewal_plan(forbund, renewal)
    assert len(plan) == 12
    assert all(norberg not in p.appointed_by for p in plan)


def test_it_computes_terms_from_the_statutes_start(forbund):
    assert services.term_on(forbund, datetime.date(2026, 12, 31)) == services.Term(
        datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))
    assert services.next_term(forbund, datetime.date(2026, 12, 31)).label == "2027–2030"
    forbund.board_term_start = "04-01"
    assert services.term_on(forbund, datetime.date(2027, 2, 1)) == services.Term(
        datetime.date(2023, 4, 1), datetime.date(2027, 3, 31))
    assert services.next_term(forbund, datetime.date(2027, 4, 1)).start == datetime.date(2031, 4, 1)


def test_it_keeps_the_renewal_page_to_the_office(persona_client):
    for role in ("board", "member", "auditor", "national"):
        assert persona_client(role).get(url("forbund-board-renew")).status_code == 403
    assert persona_client("outsider").get(url("forbund-board-renew")).status_code == 404


# The Händelselogg shows the actions ------------------------------------------------------------------------

def test_it_shows_the_new_term_as_one_action_in_the_log(office, forbund, renewal):
    office.post(url("forbund-board-renew"), {"term": renewal.start.isoformat()})
    response = office.get(url("forbund-log"))
    act, entries = response.context["groups"][0]
    assert act.sentence == f"Ny mandatperiod {renewal.label} skapades av Karin Lindqvist"
    # 14 mandates created, and who appointed each ledamot and ersättare (simple-history's row for the set)
    assert [e.action for e in entries].count("Skapad") == 14
    assert {e.action for e in entries} == {"Skapad", "Ändrad"}
    assert f"Ny mandatperiod {renewal.label} skapades av Karin Lindqvist" in response.text


def test_it_says_in_the_log_that_a_mandate_ended_with_its_field_change(office, forbund):
    mandate = _mandate(forbund, "p-erik", "ledamot")
    end = (mandate.date_from + datetime.timedelta(days=180)).isoformat()
    office.post(url("forbund-mandate-edit", pk=mandate.pk), _mandate_post(mandate, date_to=end))
    act, [entry] = office.get(url("forbund-log")).context["groups"][0]
    assert act.name == "mandate.ended"
    assert act.sentence == f"Uppdraget för Erik Sandberg avslutades {end} av Karin Lindqvist"
    assert entry.changes == [("Till och med", mandate.date_to.isoformat(), end)]


def test_it_says_the_log_in_english(office, forbund):
    mandate = _mandate(forbund, "p-erik", "ledamot")
    end = (mandate.date_from + datetime.timedelta(days=180)).isoformat()
    office.post(url("forbund-mandate-edit", pk=mandate.pk), _mandate_post(mandate, date_to=end))
    office.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = office.get(url("forbund-log"))
    assert response.context["groups"][0][0].sentence == (
        f"The appointment of Erik Sandberg was ended on {end} by Karin Lindqvist")


def test_it_shows_a_history_row_without_an_action_as_before(office, forbund):
    member = _member(forbund, code="1962")
    member.name = "Norberg kommun"
    member.save()  # outside any action: old data, or an import from before the actions
    act, [entry] = office.get(url("forbund-log")).context["groups"][0]
    assert act is None
    assert (entry.action, entry.obj, entry.changes) == ("Ändrad", "Norberg kommun",
                                                       [("Namn", "Norberg", "Norberg kommun")])


@pytest.mark.usefixtures("uncached_pages")
def test_it_attaches_the_actions_in_as_many_queries_for_fifty_as_for_five(office, forbund):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    latest = Mandate.objects.filter(forbund=forbund, role="ledamot").latest("date_from").date_from
    mandates = list(Mandate.objects.filter(forbund=forbund, role="ledamot", date_from=latest).order_by("pk"))

    def change(steps):
        for i in steps:
            mandate = mandates[i % len(mandates)]
            services.change_mandate(mandate, user=None, date_to=mandate.date_from + datetime.timedelta(days=100 + i))

    change(range(5))
    office.get(url("forbund-log"))
    with CaptureQueriesContext(connection) as few:
        office.get(url("forbund-log"))
    change(range(5, 50))
    with CaptureQueriesContext(connection) as many:
        response = office.get(url("forbund-log"))
    assert len([g for g in response.context["groups"] if g[0] is not None and g[0].name == "mandate.changed"]) == 50
    assert len(many) <= len(few)


# Every form writes through a service ------------------------------------------------------------------------

def test_every_form_of_the_organisation_pages_writes_through_a_service(office, forbund, renewal):
    """The guard raises UnguardedWrite on a domain write outside an action inside a request: each POST
    succeeding proves its view writes only through the services; each records its named action."""
    vasteras = _member(forbund, code="1980")
    posts = [
        (url("forbund-member-new"), {"external_id": "vv-1984", "kind": "kommun", "name": "Arboga", "code": "1984"}),
        (lambda: url("forbund-member-edit", pk=Member.objects.get(external_id="vv-1984").pk),
         {"external_id": "vv-1984", "kind": "kommun", "name": "Arboga kommun", "code": "1984"}),
        (lambda: url("forbund-member-edit", pk=Member.objects.get(external_id="vv-1984").pk),
         {"external_id": "vv-1984", "kind": "kommun", "name": "Arboga kommun", "code": "1984",
          "left": "2026-12-31"}),
        (url("forbund-person-new"), {"external_id": "p-vv-ny", "name": "Ny Person"}),
        (lambda: url("forbund-person-edit", pk=Person.objects.get(external_id="p-vv-ny").pk),
         {"external_id": "p-vv-ny", "name": "Ny Persson", "email": "ny@example.se"}),
        (lambda: url("forbund-mandate-new"),
         lambda: {"person": Person.objects.get(external_id="p-vv-ny").pk, "role": "ledamot",
                  "appointed_by": [vasteras.pk], "basis": "fullmaktige", "date_from": "2026-01-01",
                  "date_to": "2026-12-31"}),
        (lambda: url("forbund-mandate-edit", pk=Mandate.objects.get(person__external_id="p-vv-ny").pk),
         lambda: {"person": Person.objects.get(external_id="p-vv-ny").pk, "role": "ledamot",
                  "appointed_by": [vasteras.pk], "basis": "fullmaktige", "date_from": "2026-02-01",
                  "date_to": "2026-12-31"}),
        (lambda: url("forbund-mandate-edit", pk=Mandate.objects.get(person__external_id="p-vv-ny").pk),
         lambda: {"person": Person.objects.get(external_id="p-vv-ny").pk, "role": "ledamot",
                  "appointed_by": [vasteras.pk], "basis": "fullmaktige", "date_from": "2026-02-01",
                  "date_to": "2026-11-30"}),
        (url("forbund-board-renew"), {"term": renewal.start.isoformat()}),
        (url("forbund-edit"), {"name": forbund.name, "organisationsnummer": forbund.organisationsnummer,
                               "founded": forbund.founded.isoformat(), "board_term_start": "01-01",
                               "notice_days": 8, "adjust_within_days": 14, "report_interval_months": 4, "fee_basis": "meeting"}),
        (lambda: url("forbund-mandate-remove", pk=Mandate.objects.get(person__external_id="p-vv-ny").pk), {}),
        (lambda: url("forbund-person-remove", pk=Person.objects.get(external_id="p-vv-ny").pk), {}),
        (lambda: url("forbund-member-remove", pk=Member.objects.get(external_id="vv-1984").pk), {}),
    ]
    for path, data in posts:
        path, data = path() if callable(path) else path, data() if callable(data) else data
        response = office.post(path, data)
        assert response.status_code == 302, (path, response.context and response.context.get("form").errors)
    names = list(Action.objects.filter(user__email="chef@vastmanland.example.se").order_by("id")
                 .values_list("name", flat=True))
    assert names == ["member.created", "member.changed", "member.ended", "person.created", "person.changed",
                     "mandate.created", "mandate.changed", "mandate.ended", "board.renewed", "forbund.changed",
                     "mandate.removed", "person.removed", "member.removed"]
    assert set(Action.objects.filter(user__email="chef@vastmanland.example.se")
               .values_list("forbund", flat=True)) == {forbund.pk}


def test_it_logs_a_change_to_a_person_without_a_mandate_in_the_forbund_that_refers_to_them(persona_client, demo):
    secretary = Person.objects.get(external_id="p-vv-sekr")
    office = persona_client("office")
    office.post(url("forbund-person-edit", pk=secretary.pk),
                {"external_id": "p-vv-sekr", "name": "Hanna Viklund", "email": "hanna@example.se"})
    act, [entry] = office.get(url("forbund-log")).context["groups"][0]
    assert act.sentence == "Personen Hanna Viklund ändrades av Karin Lindqvist"
    assert entry.changes == [("E-post", "hanna.viklund@example.se", "hanna@example.se")]
    other = persona_client("outsider").get(url("forbund-log", slug=OTHER)).context["page"]
    assert all(e.obj != "Hanna Viklund" for e in other)
