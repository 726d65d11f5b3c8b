"""State changes of a förbund's organisation: members, persons, mandates, the statutes, a new board term.

One function per change. Each runs in a transaction (`@services.service`), checks its preconditions — the
hard refusals of the law and the statutes — raising a translated `DomainError` that names the form field
at fault, and records one named action ("member.created", "mandate.ended", "board.renewed", …) with its
data. What is merely advisable is not refused here: it stays a rule finding (samordna.rules), which the
pages show after the save (`new_findings`).
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.dates import MAX_DATE, MIN_DATE, add_months, in_range, parse_month_day
from samordna.lib.services import DomainError

# FinsamL 11 §: ledamöter and ersättare are appointed for four years, from 1 January (or 1 April, per the
# statutes' board_term_start) of the year after the election of fullmäktige (every fourth year: 2022, 2026…).
# The term and the election years are law, read from the rule package's one module of deadlines.
from samordna.rules.deadlines import MAX_TERM_MONTHS as BOARD_TERM_MONTHS  # noqa: E402
from samordna.rules.deadlines import is_election_year  # noqa: E402

from .models import BOARD_ROLES, Forbund, Mandate, MandateRole, Member, MemberKind, Person, Representative

# Kinds of member a förbund has exactly one of at a time (DOMAIN.md §1, FinsamL 1, 3 §§).
SINGLE_KINDS = (MemberKind.FORSAKRINGSKASSAN, MemberKind.ARBETSFORMEDLINGEN)
# How many may hold an officer role at once (FinsamL 13 §: one ordförande, one or two vice ordförande).
OFFICER_LIMITS = {MandateRole.ORDFORANDE: 1, MandateRole.VICE_ORDFORANDE: 2, MandateRole.FORBUNDSCHEF: 1}
# What "Ny mandatperiod" copies into the next term.
RENEWED_ROLES = (MandateRole.LEDAMOT, MandateRole.ERSATTARE, MandateRole.ORDFORANDE, MandateRole.VICE_ORDFORANDE)


# Helpers ------------------------------------------------------------------------------------------------

def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__") and not isinstance(value, (str, dict)):
        return [_json(v) for v in value]
    return value


def _data(changes: dict) -> dict:
    return {key: _json(value) for key, value in changes.items()}


def _check_dates(instance, *fields: str) -> None:
    for name in fields:
        value = getattr(instance, name, None)
        if isinstance(value, datetime.date) and not in_range(value):
            raise DomainError(
                _("Ange ett datum mellan %(min)s och %(max)s.") % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
                field=name,
            )


def _apply(instance, changes: dict) -> dict:
    """Set the plain fields of `changes` on `instance`; returns the many-to-many ones left to set."""
    m2m = {}
    for name, value in changes.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    return m2m


def _overlaps(start_a, end_a, start_b, end_b) -> bool:
    """Whether two periods (None: open) share a day."""
    return (start_a is None or end_b is None or start_a <= end_b) and (start_b is None or end_a is None or start_b <= end_a)


def references(instance) -> list[tuple[str, int]]:
    """What other domain data refers to `instance`: (the referring model's plural name, how many)."""
    found = []
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or not services.is_domain_model(relation.related_model):
            continue
        if relation.related_model._meta.auto_created:  # a many-to-many table: counted by its relation
            continue
        count = relation.related_model._default_manager.filter(**{relation.field.name: instance}).count()
        if count:
            found.append((str(relation.related_model._meta.verbose_name_plural), count))
    return found


# Members ------------------------------------------------------------------------------------------------

def check_member(member: Member) -> None:
    """The hard refusals for a member as it would be saved."""
    _check_dates(member, "joined", "left")
    if member.joined and member.left and member.left < member.joined:
        raise DomainError(_("Utträdet kan inte ligga före inträdet."), field="left")
    if member.kind in SINGLE_KINDS and member.forbund_id:
        others = Member.objects.filter(forbund_id=member.forbund_id, kind=member.kind).exclude(pk=member.pk)
        for other in others:
            if _overlaps(member.joined, member.left, other.joined, other.left):
                raise DomainError(
                    _("Förbundet har redan %(kind)s som medlem under samma tid (%(name)s). Ett förbund har "
                      "exakt en %(kind)s åt gången (FinsamL 1 §); ange utträde för den förra först.")
                    % {"kind": member.get_kind_display(), "name": other.name},
                    field="kind",
                )


@services.service
def create_member(forbund: Forbund, *, user, **fields) -> Member:
    member = Member(forbund=forbund)
    _apply(member, fields)
    check_member(member)
    with services.action("member.created", user=user, forbund=forbund, obj=member, data=_data(fields)) as record:
        services.save(member)
        services.set_object(record, member)
    return member


@services.service
def change_member(member: Member, *, user, **changes) -> Member:
    _apply(member, changes)
    check_member(member)
    with services.action("member.changed", user=user, forbund=member.forbund, obj=member, data=_data(changes)):
        services.save(member)
    return member


@services.service
def end_member(member: Member, day: datetime.date, *, user) -> Member:
    """The membership ends: `day` is its last day (utträde)."""
    member.left = day
    check_member(member)
    with services.action("member.ended", user=user, forbund=member.forbund, obj=member,
                         data={"left": day.isoformat()}):
        services.save(member)
    return member


@services.service
def remove_member(member: Member, *, user) -> None:
    """Remove a member entered by mistake; refused while other data refers to it."""
    found = references(member)
    if found:
        raise DomainError(
            _("%(name)s kan inte tas bort: %(what)s hänvisar till medlemmen. Om medlemmen har lämnat "
              "förbundet, ange ett utträdesdatum i stället.")
            % {"name": member.name, "what": ", ".join(f"{what} ({n})" for what, n in found)},
        )
    with services.action("member.removed", user=user, forbund=member.forbund, obj=member,
                         data={"name": member.name, "external_id": member.external_id}):
        services.remove(member)


# Persons ------------------------------------------------------------------------------------------------

@services.service
def create_person(forbund: Forbund, *, user, **fields) -> Person:
    """A new person, created by the office of `forbund` (who may then see and edit them)."""
    person = Person()
    _apply(person, fields)
    with services.action("person.created", user=user, forbund=forbund, obj=person, data=_data(fields)) as record:
        services.save(person)
        services.set_object(record, person)
    return person


@services.service
def change_person(person: Person, *, user, forbund: Forbund | None = None, **changes) -> Person:
    _apply(person, changes)
    with services.action("person.changed", user=user, forbund=forbund, obj=person, data=_data(changes)):
        services.save(person)
    return person


@services.service
def remove_person(person: Person, *, user, forbund: Forbund | None = None) -> None:
    """Remove a person entered by mistake; refused while a mandate, meeting or samråd refers to them."""
    found = references(person)
    if found:
        raise DomainError(
            _("%(name)s kan inte tas bort: %(what)s hänvisar till personen. Om personens uppdrag har upphört, "
              "avsluta uppdraget (ange ett slutdatum) i stället; ett uppdrag som lagts in av misstag tas bort "
              "först.") % {"name": person.name, "what": ", ".join(f"{what} ({n})" for what, n in found)},
        )
    with services.action("person.removed", user=user, forbund=forbund, obj=person,
                         data={"name": person.name, "external_id": person.external_id}):
        services.remove(person)


# Mandates -----------------------------------------------------------------------------------------------

def check_mandate(mandate: Mandate, appointed_by=None) -> None:
    """The hard refusals for a mandate as it would be saved (`appointed_by`: the members it will have)."""
    _check_dates(mandate, "date_from", "date_to")
    if mandate.date_from and mandate.date_to and mandate.date_to < mandate.date_from:
        raise DomainError(_("Slutdatumet kan inte ligga före startdatumet."), field="date_to")
    if appointed_by is not None and any(m.forbund_id != mandate.forbund_id for m in appointed_by):
        raise DomainError(_("Uppdraget kan bara utses av förbundets egna medlemmar."), field="appointed_by")
    if mandate.role in BOARD_ROLES and mandate.date_from and mandate.date_to:
        limit = add_months(mandate.date_from, BOARD_TERM_MONTHS)  # the first day beyond the term
        if mandate.date_to >= limit:
            raise DomainError(
                _("En ledamot eller ersättare utses för högst fyra år (FinsamL 11 §): uppdraget från %(start)s "
                  "kan gälla till och med %(last)s.")
                % {"start": mandate.date_from.isoformat(), "last": (limit - datetime.timedelta(days=1)).isoformat()},
                field="date_to",
            )
    limit = OFFICER_LIMITS.get(mandate.role)
    if limit and mandate.date_from and mandate.forbund_id:
        others = [m for m in Mandate.objects.filter(forbund_id=mandate.forbund_id, role=mandate.role)
                  .exclude(pk=mandate.pk).select_related("person")
                  if _overlaps(mandate.date_from, mandate.date_to, m.date_from, m.date_to)]
        # The most held at once: count at each day where one of the periods starts within this one.
        for day in [mandate.date_from] + [m.date_from for m in others if m.date_from > mandate.date_from]:
            holders = [m for m in others if m.is_active_on(day)]
            if len(holders) >= limit:
                raise DomainError(
                    _("%(role)s är redan tillsatt den %(day)s (%(names)s); förbundet kan ha %(limit)s åt gången "
                      "(FinsamL 13 §). Avsluta det andra uppdraget först, eller ändra datumen.")
                    % {"role": mandate.get_role_display(), "day": day.isoformat(),
                       "names": ", ".join(m.person.name for m in holders), "limit": limit},
                    field="role",
                )


def _mandate_data(mandate: Mandate, changes: dict) -> dict:
    return {"person": mandate.person.name if mandate.person_id else "", "role": mandate.role, **_data(changes)}


@services.service
def create_mandate(forbund: Forbund, *, user, **fields) -> Mandate:
    mandate = Mandate(forbund=forbund)
    m2m = _apply(mandate, fields)
    check_mandate(mandate, m2m.get("appointed_by"))
    with services.action("mandate.created", user=user, forbund=forbund, obj=mandate,
                         data=_mandate_data(mandate, fields)) as record:
        services.save(mandate)
        for name, value in m2m.items():
            getattr(mandate, name).set(value)
        services.set_object(record, mandate)
    return mandate


@services.service
def change_mandate(mandate: Mandate, *, user, **changes) -> Mandate:
    m2m = _apply(mandate, changes)
    appointed = m2m["appointed_by"] if "appointed_by" in m2m else list(mandate.appointed_by.all())
    check_mandate(mandate, appointed)
    with services.action("mandate.changed", user=user, forbund=mandate.forbund, obj=mandate,
                         data=_mandate_data(mandate, changes)):
        services.save(mandate)
        for name, value in m2m.items():
            getattr(mandate, name).set(value)
    return mandate


@services.service
def end_mandate(mandate: Mandate, day: datetime.date, *, user) -> Mandate:
    """The mandate ends: `day` is its last day."""
    mandate.date_to = day
    check_mandate(mandate)
    with services.action("mandate.ended", user=user, forbund=mandate.forbund, obj=mandate,
                         data={"person": mandate.person.name, "role": mandate.role, "date_to": day.isoformat()}):
        services.save(mandate)
    return mandate


@services.service
def remove_mandate(mandate: Mandate, *, user) -> None:
    """Remove a mandate entered by mistake (who appointed it goes with it)."""
    with services.action("mandate.removed", user=user, forbund=mandate.forbund, obj=mandate,
                         data={"person": mandate.person.name, "role": mandate.role,
                               "date_from": mandate.date_from.isoformat(),
                               "date_to": mandate.date_to.isoformat() if mandate.date_to else None}):
        services.remove(mandate)


# The förbund and its statutes ---------------------------------------------------------------------------

@services.service
def change_forbund(forbund: Forbund, *, user, **changes) -> Forbund:
    """Change the förbund's name, facts or statutes (förbundsordning)."""
    _apply(forbund, changes)
    _check_dates(forbund, "founded")
    with services.action("forbund.changed", user=user, forbund=forbund, obj=forbund, data=_data(changes)):
        services.save(forbund)
    return forbund


# A new board term ("Ny mandatperiod") -------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    start: datetime.date
    end: datetime.date  # the last day

    @property
    def label(self) -> str:
        return f"{self.start.year}–{self.end.year}"


def _term_start(forbund: Forbund, year: int) -> datetime.date:
    try:
        month, day = parse_month_day(forbund.board_term_start or "01-01")
        return datetime.date(year, month, min(day, 28) if month == 2 else day)
    except ValueError:
        return datetime.date(year, 1, 1)


def term_on(forbund: Forbund, day: datetime.date) -> Term:
    """The board term (FinsamL 11 §, the statutes' start) that covers `day`."""
    year = day.year
    while not is_election_year(year - 1):
        year -= 1
    start = _term_start(forbund, year)
    if day < start:
        start = _term_start(forbund, year - 4)
    end = add_months(start, BOARD_TERM_MONTHS) - datetime.timedelta(days=1)
    return Term(start, end)


def next_term(forbund: Forbund, day: datetime.date) -> Term:
    """The board term after the one that covers `day`."""
    return term_on(forbund, term_on(forbund, day).end + datetime.timedelta(days=1))


@dataclass(frozen=True)
class PlannedMandate:
    source: Mandate  # the mandate of the term before
    date_from: datetime.date
    date_to: datetime.date

    @property
    def person(self):
        return self.source.person

    @property
    def role(self):
        return self.source.role

    def get_role_display(self):
        return self.source.get_role_display()

    @property
    def substitute_order(self):
        return self.source.substitute_order

    @property
    def appointed_by(self):
        return list(self.source.appointed_by.all())


def _role_order(mandate: Mandate):
    order = {role: i for i, role in enumerate(RENEWED_ROLES)}
    members = mandate.appointed_by.all()
    member = min(members, key=lambda m: (Member.KIND_ORDER[m.kind], m.name)) if members else None
    return (order[mandate.role], Member.KIND_ORDER[member.kind] if member else -1, member.name if member else "",
            mandate.substitute_order or 0, mandate.person.name)


def board_renewal_plan(forbund: Forbund, term: Term) -> list[PlannedMandate]:
    """The board on the last day before `term` (ledamöter, ersättare, ordförande, vice), as mandates of `term`.

    Members that have left by the term's start are left out: they appoint no one in it."""
    day = term.start - datetime.timedelta(days=1)
    sources = (Mandate.objects.filter(forbund=forbund, role__in=RENEWED_ROLES).active_on(day)
               .select_related("person").prefetch_related("appointed_by"))
    planned = []
    for mandate in sources:
        appointed = list(mandate.appointed_by.all())
        if appointed and not any(m.is_active_on(term.start) for m in appointed):
            continue
        planned.append(PlannedMandate(mandate, term.start, term.end))
    return sorted(planned, key=lambda p: _role_order(p.source))


def term_mandates(forbund: Forbund, term: Term):
    """The board mandates that already start within `term`."""
    return Mandate.objects.filter(forbund=forbund, role__in=RENEWED_ROLES, date_from__gte=term.start,
                                  date_from__lte=term.end)


@services.service
def renew_board(forbund: Forbund, term: Term, *, user) -> list[Mandate]:
    """Copy the board into `term` as new mandates, for the office to adjust; one action "board.renewed"."""
    if term_mandates(forbund, term).exists():
        raise DomainError(
            _("Det finns redan uppdrag i styrelsen för mandatperioden %(term)s. Ändra dem på sidan Uppdrag "
              "i stället.") % {"term": term.label},
        )
    plan = board_renewal_plan(forbund, term)
    if not plan:
        raise DomainError(
            _("Det finns ingen styrelse den %(day)s att föra över till mandatperioden %(term)s. Lägg till "
              "uppdragen ett i taget på sidan Uppdrag.")
            % {"day": (term.start - datetime.timedelta(days=1)).isoformat(), "term": term.label},
        )
    created = []
    with services.action("board.renewed", user=user, forbund=forbund, obj=forbund,
                         data={"term": term.label, "start": term.start.isoformat(), "end": term.end.isoformat(),
                               "mandates": len(plan)}):
        for item in plan:
            mandate = Mandate(forbund=forbund, person=item.source.person, role=item.source.role,
                              basis=item.source.basis, substitute_order=item.source.substitute_order,
                              date_from=term.start, date_to=term.end)
            services.save(mandate)
            mandate.appointed_by.set(item.appointed_by)
            created.append(mandate)
    return created


# Sentences for the Händelselogg --------------------------------------------------------------------------

# Member representatives (medlemsrepresentanter) ------------------------------------------------------------

def _check_representative(rep: Representative) -> None:
    if rep.date_from and rep.date_to and rep.date_to < rep.date_from:
        raise DomainError(_("Sista dagen kan inte ligga före första dagen."), field="date_to")
    overlapping = Representative.objects.filter(member_id=rep.member_id, person_id=rep.person_id).exclude(pk=rep.pk)
    for other in overlapping:
        if (other.date_to is None or rep.date_from is None or rep.date_from <= other.date_to) and \
                (rep.date_to is None or other.date_from is None or other.date_from <= rep.date_to):
            raise DomainError(_("%(person)s är redan representant för %(member)s under den tiden.")
                              % {"person": rep.person, "member": rep.member}, field="person")


@services.service
def add_representative(member: Member, person: Person, *, user, date_from: datetime.date | None = None,
                       date_to: datetime.date | None = None) -> Representative:
    """The member names `person` its representative towards the förbund (samråd, consultation, information)."""
    rep = Representative(member=member, person=person, date_from=date_from, date_to=date_to)
    _check_representative(rep)
    with services.action("representative.added", user=user, forbund=member.forbund, obj=rep,
                         data={"person": person.name, "member": member.name,
                               "date_from": date_from.isoformat() if date_from else ""}) as record:
        services.save(rep)
        services.set_object(record, rep)
    return rep


@services.service
def end_representative(rep: Representative, day: datetime.date, *, user) -> Representative:
    """The representative's last day."""
    rep.date_to = day
    _check_representative(rep)
    with services.action("representative.ended", user=user, forbund=rep.member.forbund, obj=rep,
                         data={"person": rep.person.name, "member": rep.member.name, "date_to": day.isoformat()}):
        services.save(rep)
    return rep


def register_sentences() -> None:
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    for name, sentence in {
        "member.created": gettext_lazy("Medlemmen %(object)s lades till av %(who)s"),
        "representative.added": gettext_lazy("%(person)s blev representant för %(member)s (%(who)s)"),
        "representative.ended": gettext_lazy("%(person)s är representant för %(member)s till %(date_to)s (%(who)s)"),
        "member.changed": gettext_lazy("Medlemmen %(object)s ändrades av %(who)s"),
        "member.ended": gettext_lazy("Medlemskapet för %(object)s avslutades %(left)s av %(who)s"),
        "member.removed": gettext_lazy("Medlemmen %(object)s togs bort av %(who)s"),
        "person.created": gettext_lazy("Personen %(object)s lades till av %(who)s"),
        "person.changed": gettext_lazy("Personen %(object)s ändrades av %(who)s"),
        "person.removed": gettext_lazy("Personen %(object)s togs bort av %(who)s"),
        "mandate.created": gettext_lazy("Uppdraget för %(person)s lades till av %(who)s"),
        "mandate.changed": gettext_lazy("Uppdraget för %(person)s ändrades av %(who)s"),
        "mandate.ended": gettext_lazy("Uppdraget för %(person)s avslutades %(date_to)s av %(who)s"),
        "mandate.removed": gettext_lazy("Uppdraget för %(person)s togs bort av %(who)s"),
        "forbund.changed": gettext_lazy("Förbundets uppgifter och förbundsordning ändrades av %(who)s"),
        "board.renewed": gettext_lazy("Ny mandatperiod %(term)s skapades av %(who)s"),
        "forbund.ics_token_renewed": gettext_lazy("Årshjulets prenumerationslänk förnyades av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)


def persons_in(forbund: Forbund):
    """The persons the office of `forbund` may see and edit."""
    return Person.objects.of_forbund(forbund)

