"""E-justering of a protokoll, and corrections of adjusted minutes.

- `prepare_justering(meeting, user=)` (the office): freezes the draft into a `ProtocolVersion` (the PDF's
  bytes and SHA-256). When the meeting's data change afterwards, the draft no longer gives the same print
  HTML: the version is stale, a new one is needed, and confirmations of the old one no longer count.
- `confirm(meeting, user=, sha256=)`: the ordförande (who chaired, render.chair_id) and each of
  `Minutes.adjusters` confirm, each through their own login (`User.person`), the SHA-256 of the exact PDF
  they read. The confirmation that completes the justering sets `Minutes.adjusted` (today in Stockholm) in
  the same action ("minutes.adjusted"), which freezes the meeting (freeze.py); after commit the signal
  `signals.minutes_adjusted` is sent (the anslag connects to it).
- `add_correction(item, corrected, user=)`: a decision at a later meeting corrects a paragraph of adjusted
  minutes ("Rättelse av § N"), shown both ways on the protokoll.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.lib import pdf, services
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.meetings.models import Minutes

from . import render
from .freeze import adjusted_on, ensure_not_adjusted
from .models import Confirmation, Correction, ProtocolVersion
from .signals import minutes_adjusted


def _minutes(meeting):
    return Minutes.objects.filter(meeting_id=meeting.pk).first()


def signers(meeting) -> list:
    """The persons who must confirm: the chair first, then each named justerare (by name)."""
    meeting = render.load(meeting)
    minutes = getattr(meeting, "minutes", None)
    people = {}
    chair = render.chair_id(meeting)
    if chair is not None:
        from samordna.organisations.models import Person

        for a in meeting.attendance.all():
            if a.person_id == chair:
                people[chair] = a.person
        if chair not in people:
            people[chair] = Person.objects.get(pk=chair)
    for person in sorted(minutes.adjusters.all(), key=lambda p: p.name) if minutes else []:
        people.setdefault(person.pk, person)
    return list(people.values())


def current_version(minutes, *, with_pdf: bool = False):
    if minutes is None:
        return None
    qs = ProtocolVersion.objects.filter(minutes=minutes).order_by("-number")
    return (qs if with_pdf else qs.defer("pdf")).first()


def adjusted_version(meeting):
    """The version the adjusters confirmed, for adjusted minutes e-justerade in Samordna; else None."""
    minutes = _minutes(meeting)
    if minutes is None or minutes.adjusted is None:
        return None
    version = current_version(minutes, with_pdf=True)
    if version is None or not version.confirmations.exists():
        return None
    return version


def _check_ready(meeting, minutes):
    ensure_not_adjusted(meeting)
    if meeting.date > today():
        raise DomainError(_("Sammanträdet har inte hållits ännu: protokollet kan justeras efter sammanträdet."))
    if minutes is None:
        raise DomainError(_("Sammanträdet har inget protokoll ännu. Välj justerare först."))
    chair = render.chair_id(render.load(meeting))
    if not [p for p in minutes.adjusters.all() if p.pk != chair]:
        raise DomainError(_("Välj minst en justerare utöver ordföranden innan protokollet justeras."))


def adjuster_candidates(meeting) -> list:
    """Who may be chosen as justerare (PRACTICE.md §1): a ledamot or serving ersättare who attended."""
    from samordna.meetings.models import Attendance, Capacity

    rows = (Attendance.objects.filter(meeting=meeting).exclude(presence="absent")
            .filter(models.Q(capacity=Capacity.LEDAMOT) | models.Q(capacity=Capacity.ERSATTARE, serving=True))
            .select_related("person").order_by("person__name"))
    found = {}
    for row in rows:
        found.setdefault(row.person_id, row.person)
    return list(found.values())


@services.service
def choose_adjusters(meeting, persons, *, user) -> Minutes:
    """Record the justerare chosen at the meeting (besides the ordförande); the minutes are made if none."""
    ensure_not_adjusted(meeting)
    persons = list(persons)
    allowed = {p.pk for p in adjuster_candidates(meeting)}
    if not persons:
        raise DomainError(_("Välj minst en justerare."), field="adjusters")
    outside = [p.name for p in persons if p.pk not in allowed]
    if outside:
        raise DomainError(_("Justerare väljs bland de närvarande ledamöterna och tjänstgörande ersättarna: "
                            "%(names)s var inte det.") % {"names": ", ".join(outside)}, field="adjusters")
    minutes = _minutes(meeting)
    with services.action("minutes.adjusters_chosen", user=user, forbund=meeting.forbund, obj=meeting,
                         data={"adjusters": [p.external_id for p in persons]}):
        if minutes is None:
            minutes = Minutes(forbund_id=meeting.forbund_id, meeting=meeting)
            services.save(minutes)
        minutes.adjusters.set(persons)
    return minutes


def prepare_justering(meeting, *, user) -> ProtocolVersion:
    """Freeze the draft into a version for justering (the office). The same data give the same version:
    when the latest version is still what the data give, it is returned and nothing is written."""
    minutes = _minutes(meeting)
    _check_ready(meeting, minutes)
    source = render.protokoll_html_source(meeting)
    latest = current_version(minutes)
    if latest is not None and latest.source_sha256 == pdf.sha256(source):
        return latest
    data = pdf.pdf_from_html(source)  # outside the transaction: a PDF takes a moment
    return _store_version(meeting, source, data, user=user)


@services.service
def _store_version(meeting, source: str, data: bytes, *, user) -> ProtocolVersion:
    minutes = _minutes(meeting)
    _check_ready(meeting, minutes)
    if render.protokoll_html_source(meeting) != source:
        raise DomainError(_("Sammanträdets uppgifter ändrades medan protokollet förbereddes. Försök igen."))
    latest = current_version(minutes)
    number = (latest.number + 1) if latest else 1
    digest = pdf.sha256(data)
    with services.action("protokoll.prepared", user=user, forbund=meeting.forbund, obj=minutes,
                         data={"version": number, "sha256": digest}):
        version = ProtocolVersion(forbund_id=minutes.forbund_id, minutes=minutes, number=number, pdf=data,
                                  sha256=digest, source_sha256=pdf.sha256(source), created_at=timezone.now(),
                                  created_by=user if getattr(user, "is_authenticated", False) else None)
        services.save(version)
    return version


@dataclass
class JusteringState:
    """What the protokoll page shows of the justering."""

    minutes: Minutes | None
    version: ProtocolVersion | None = None
    valid: bool = False  # the version is what the data give now
    rows: list = field(default_factory=list)  # (person, confirmation or None), the chair first
    adjusted: object = None
    e_justering: bool = False  # adjusted through confirmations in Samordna
    user_may_confirm: bool = False
    user_confirmed: bool = False
    problem: str = ""  # why the minutes cannot be put up for justering yet

    @property
    def complete(self) -> bool:
        return bool(self.rows) and all(c is not None for _p, c in self.rows)


def state(meeting, *, user=None, source: str | None = None) -> JusteringState:
    """The justering of a meeting's minutes: the current version, who has confirmed it, what the user may do.
    `source` is the print HTML when the caller has it (else rendered here, without a PDF)."""
    meeting = render.load(meeting)
    minutes = getattr(meeting, "minutes", None)
    result = JusteringState(minutes=minutes, adjusted=minutes.adjusted if minutes else None)
    version = current_version(minutes)
    result.version = version
    confirmations = {}
    if version is not None:
        confirmations = {c.person_id: c for c in Confirmation.objects.filter(version=version).select_related("person")}
    if result.adjusted is not None:
        result.e_justering = bool(confirmations)
        result.valid = bool(confirmations)
    elif version is not None:
        source = source if source is not None else render.protokoll_html_source(meeting)
        result.valid = version.source_sha256 == pdf.sha256(source)
    people = signers(meeting)
    if result.valid:
        result.rows = [(p, confirmations.get(p.pk)) for p in people]
    else:
        result.rows = [(p, None) for p in people]
    person_id = getattr(user, "person_id", None) if user is not None else None
    if person_id is not None and result.adjusted is None and result.valid:
        mine = [c for p, c in result.rows if p.pk == person_id]
        result.user_may_confirm = bool(mine) and mine[0] is None
        result.user_confirmed = bool(mine) and mine[0] is not None
    if result.adjusted is None:
        try:
            _check_ready(meeting, minutes)
        except DomainError as error:
            result.problem = str(error.message)
    return result


@services.service
def confirm(meeting, *, user, sha256: str) -> Confirmation:
    """An adjuster confirms the current version (by the SHA-256 of its PDF); the last one adjusts."""
    ensure_not_adjusted(meeting)
    meeting = render.load(meeting)
    minutes = _minutes(meeting)
    version = current_version(minutes)
    if version is None:
        raise DomainError(_("Protokollet är inte förberett för justering ännu."), field="sha256")
    if version.source_sha256 != pdf.sha256(render.protokoll_html_source(meeting)):
        raise DomainError(_("Protokollet har ändrats sedan version %(n)d förbereddes för justering. En ny "
                            "version behövs; justeringar av den tidigare versionen gäller inte längre.")
                          % {"n": version.number}, field="sha256", code="stale")
    given = (sha256 or "").strip().lower()
    if given != version.sha256:
        raise DomainError(_("Kontrollsumman stämmer inte med den version som justeras (version %(n)d, "
                            "SHA-256 %(sha)s). Läs den aktuella versionen och justera den.")
                          % {"n": version.number, "sha": version.sha256}, field="sha256", code="hash")
    person = getattr(user, "person", None)
    people = signers(meeting)
    if person is None or person.pk not in {p.pk for p in people}:
        raise DomainError(_("Du är inte justerare av det här protokollet."), field="sha256", code="not_adjuster")
    done = set(Confirmation.objects.filter(version=version).values_list("person_id", flat=True))
    if person.pk in done:
        raise DomainError(_("Du har redan justerat den här versionen av protokollet."), field="sha256")
    remaining = [p for p in people if p.pk not in done and p.pk != person.pk]
    name = "minutes.confirmed" if remaining else "minutes.adjusted"
    now = timezone.now()
    with services.action(name, user=user, forbund=meeting.forbund, obj=minutes,
                         data={"version": version.number, "sha256": version.sha256,
                               "person": person.external_id, "confirmed_at": now.isoformat()}):
        confirmation = Confirmation(
            forbund_id=minutes.forbund_id, minutes=minutes, version=version, person=person, user=user,
            user_label=services._user_label(user), confirmed_at=now, sha256=version.sha256)
        services.save(confirmation)
        if not remaining:
            minutes.adjusted = today()
            services.save(minutes)

            def send():
                minutes_adjusted.send(sender=Minutes, minutes=minutes, meeting=meeting, user=user, version=version)

            services.after_commit(send)
    return confirmation


@services.service
def add_correction(item, corrected, *, user) -> Correction:
    """Record that `item` (a decision at a later meeting) corrects `corrected` (a paragraph of adjusted
    minutes): "Rättelse av § N"."""
    ensure_not_adjusted(item.meeting)
    if corrected.forbund_id != item.forbund_id:
        raise DomainError(_("Paragrafen som rättas hör till ett annat förbund."), field="corrects")
    if adjusted_on(corrected.meeting_id) is None:
        raise DomainError(_("Protokollet med paragrafen är inte justerat: ändra paragrafen i stället för att "
                            "rätta den."), field="corrects")
    if corrected.meeting.date >= item.meeting.date:
        raise DomainError(_("En rättelse beslutas vid ett senare sammanträde än det som rättas."), field="corrects")
    if Correction.objects.filter(item=item, corrects=corrected).exists():
        raise DomainError(_("Rättelsen är redan registrerad."), field="corrects")
    with services.action("protokoll.correction_added", user=user, forbund=item.forbund, obj=item,
                         data={"corrects": corrected.external_id}):
        correction = Correction(forbund_id=item.forbund_id, item=item, corrects=corrected)
        services.save(correction)
    return correction
