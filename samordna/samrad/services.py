"""State changes of samråd (with participants, agenda and anything recorded as decided) and information to the members.

No page of the product changes these yet: they are written by the import (`samordna import`, the demo)
and the Django admin, both through the shared mechanism (samordna/lib/services.py: one named action per
import or admin form, its history rows filed under it). A workflow that changes them adds its function
here (`@services.service`, preconditions raising `DomainError`, `services.action(...)`, `services.save`),
and its views call it; `tests/test_write_path.py` fails for a write anywhere else.
"""

# --- Planning, inviting, holding and recording a samråd (issue 11, items 1–4) -----------------------------
#
# A samråd may cover several förbund: each function takes the förbund the user acts for (`forbund`, the
# page's), which must be covered; the action is filed under it, and the Händelselogg of every covered förbund
# shows the samråd's history (apps.py). What is merely advisable (a representative on a board, a member
# not invited, the convener, the date) is no refusal here: it is a rule finding (samordna/rules/samrad.py)
# the pages show live. A samråd decides nothing: nothing here records a decision.

import datetime
import uuid

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.dates import in_range, today
from samordna.lib.services import DomainError

from .models import (
    AgendaItem,
    Consultation,
    ConsultationKind,
    MemberStatement,
    Participant,
    ParticipantCapacity,
    Reply,
    Topic,
)

# The recommendation's five guiding topics, in its order: the agenda a new samråd starts from.
GUIDING_AGENDA = (
    (Topic.RESULTS, "Föregående års ekonomiska resultat och verksamhetsresultat"),
    (Topic.OBSTACLES, "Iakttagelser av strukturella hinder för samverkan"),
    (Topic.NEEDS, "Årets verksamhet i förhållande till behoven av stöd till medborgarna och utveckling av "
                  "myndighetssamverkan"),
    (Topic.LONG_TERM, "Långsiktig utveckling i förhållande till behovsanalyser"),
    (Topic.BUDGET, "Budgetförutsättningar"),
)


def _iso(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.time)) else value


def _covered_ids(consultation) -> set[int]:
    return set(consultation.forbund.values_list("pk", flat=True))


def _require_covered(consultation, forbund) -> None:
    if forbund.pk not in _covered_ids(consultation):
        raise DomainError(_("Samrådet omfattar inte %(name)s.") % {"name": forbund.name})


def _check_plan(*, kind, date, covered, convener_person, convener_appointed_by) -> None:
    if kind not in ConsultationKind.values:
        raise DomainError(_("Välj ett slag av samråd."), field="kind")
    if date is None or not in_range(date):
        raise DomainError(_("Ange ett giltigt datum."), field="date")
    if not covered:
        raise DomainError(_("Ett samråd omfattar minst ett förbund."), field="covered")
    if convener_appointed_by is not None:
        if convener_appointed_by.forbund_id not in {f.pk for f in covered}:
            raise DomainError(_("Den som utsett sammankallande ska vara medlem i ett förbund som samrådet omfattar."),
                              field="convener_appointed_by")
        if convener_person is None:
            raise DomainError(_("Ange vem som är sammankallande."), field="convener_person")


def _new_id(forbund, date) -> str:
    base = f"samrad-{forbund.slug}-{date.isoformat()}"
    taken = set(Consultation.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@services.service
def plan_consultation(forbund, *, user, kind, date, start_time=None, place="", other_forbund=(),
                      convener_person=None, convener_appointed_by=None) -> Consultation:
    """Plan a samråd of the förbund (and of `other_forbund` it covers too), its agenda the five guiding topics."""
    covered = [forbund, *[f for f in other_forbund if f.pk != forbund.pk]]
    _check_plan(kind=kind, date=date, covered=covered, convener_person=convener_person,
                convener_appointed_by=convener_appointed_by)
    consultation = Consultation(external_id=_new_id(forbund, date), kind=kind, date=date, start_time=start_time,
                                place=place or "", convener_person=convener_person,
                                convener_appointed_by=convener_appointed_by)
    with services.action("consultation.planned", user=user, forbund=forbund, obj=consultation, data={
        "kind": kind, "date": date.isoformat(), "forbund": [f.slug for f in covered],
    }) as record:
        services.save(consultation)
        consultation.forbund.set(covered)
        for position, (topic, title) in enumerate(GUIDING_AGENDA):
            services.save(AgendaItem(consultation=consultation, position=position, topic=topic, title=title))
        services.set_object(record, consultation)
    return consultation


PLAN_FIELDS = ("kind", "date", "start_time", "place", "convener_person", "convener_appointed_by")


@services.service
def change_consultation(consultation, forbund, *, user, covered=None, **changes) -> Consultation:
    """Change a samråd's plan: slag, datum, tid, plats, sammankallande and the förbund it covers (the acting
    förbund stays covered; a förbund with participants in the samråd cannot be dropped)."""
    _require_covered(consultation, forbund)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(name)s") % {"name": ", ".join(sorted(unknown))})
    covered = list(consultation.forbund.all()) if covered is None else list(covered)
    if forbund.pk not in {f.pk for f in covered}:
        raise DomainError(_("Samrådet måste omfatta %(name)s.") % {"name": forbund.name}, field="covered")
    values = {name: changes.get(name, getattr(consultation, name)) for name in PLAN_FIELDS}
    _check_plan(kind=values["kind"], date=values["date"], covered=covered, convener_person=values["convener_person"],
                convener_appointed_by=values["convener_appointed_by"])
    dropped = _covered_ids(consultation) - {f.pk for f in covered}
    if dropped:
        used = consultation.participants.filter(
            Q(for_forbund_id__in=dropped) | Q(represents__forbund_id__in=dropped)).exists()
        if used or MemberStatement.objects.filter(consultation=consultation, member__forbund_id__in=dropped).exists():
            raise DomainError(_("Ta först bort deltagarna från det förbund som inte längre ska omfattas."),
                              field="covered")
    with services.action("consultation.changed", user=user, forbund=forbund, obj=consultation, data={
        **{k: _iso(getattr(v, "pk", v)) for k, v in changes.items()}, "forbund": sorted(f.slug for f in covered),
    }):
        for name, value in changes.items():
            setattr(consultation, name, value if name != "place" else (value or ""))
        services.save(consultation)
        if set(f.pk for f in covered) != _covered_ids(consultation):
            consultation.forbund.set(covered)
    return consultation


def _check_participant(consultation, *, person, represents, for_forbund, capacity, exclude=None) -> None:
    covered = _covered_ids(consultation)
    if person is None:
        raise DomainError(_("Välj en person."), field="person")
    if (represents is None) == (for_forbund is None):
        raise DomainError(_("Ange antingen vilken medlem personen företräder eller vilket förbund personen deltar för."),
                          field="represents")
    if represents is not None and represents.forbund_id not in covered:
        raise DomainError(_("Medlemmen hör inte till ett förbund som samrådet omfattar."), field="represents")
    if for_forbund is not None:
        if for_forbund.pk not in covered:
            raise DomainError(_("Förbundet omfattas inte av samrådet."), field="for_forbund")
        if capacity not in ParticipantCapacity.values:
            raise DomainError(_("Ange i vilken egenskap personen deltar för förbundet."), field="capacity")
    others = consultation.participants.filter(person=person)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise DomainError(_("%(name)s deltar redan i samrådet.") % {"name": person.name}, field="person")


@services.service
def add_participant(consultation, forbund, *, user, person, represents=None, for_forbund=None,
                    capacity=None) -> Participant:
    """Add a participant: a member's representative (`represents`) or a delegate of a covered förbund."""
    _require_covered(consultation, forbund)
    _check_participant(consultation, person=person, represents=represents, for_forbund=for_forbund, capacity=capacity)
    participant = Participant(consultation=consultation, person=person, represents=represents,
                              for_forbund=for_forbund, capacity=capacity if for_forbund is not None else None)
    with services.action("consultation.participant_added", user=user, forbund=forbund, obj=consultation, data={
        "person": person.pk, "represents": getattr(represents, "pk", None),
        "for_forbund": getattr(for_forbund, "slug", None), "capacity": participant.capacity,
    }):
        services.save(participant)
    return participant


@services.service
def change_participant(participant, forbund, *, user, **changes) -> Participant:
    """Change who a participant is or whom they speak for (person, represents, for_forbund, capacity)."""
    consultation = participant.consultation
    _require_covered(consultation, forbund)
    values = {name: changes.get(name, getattr(participant, name))
              for name in ("person", "represents", "for_forbund", "capacity")}
    _check_participant(consultation, exclude=participant, **values)
    with services.action("consultation.participant_changed", user=user, forbund=forbund, obj=consultation, data={
        k: getattr(v, "pk", v) for k, v in changes.items()}):
        for name, value in values.items():
            setattr(participant, name, value)
        if participant.for_forbund_id is None:
            participant.capacity = None
        if "person" in changes:  # another person: the invitation and reply were the other's
            participant.invited_on = participant.reply = participant.replied_on = None
        services.save(participant)
    return participant


@services.service
def remove_participant(participant, forbund, *, user) -> None:
    consultation = participant.consultation
    _require_covered(consultation, forbund)
    with services.action("consultation.participant_removed", user=user, forbund=forbund, obj=consultation,
                         data={"person": participant.person_id}):
        services.remove(participant)


def organisation_key(member) -> tuple:
    """Which organisation a member is across förbund (as the rules read it: rules.context.organisation_key)."""
    from samordna.rules.context import organisation_key as key

    return key({"id": member.external_id, "kind": member.kind, "code": member.code})


@services.service
def invite_representatives(consultation, forbund, *, user) -> list[Participant]:
    """Add every member's representatives on the samråd's date, of every covered förbund (an organisation that
    is a member of several is represented once for all), who are not taking part yet."""
    from samordna.organisations.models import Member, Representative

    _require_covered(consultation, forbund)
    day = consultation.date
    present = list(consultation.participants.select_related("represents"))
    persons = {p.person_id for p in present}
    represented = {organisation_key(p.represents) for p in present if p.represents_id}
    members = (Member.objects.filter(forbund__in=consultation.forbund.all()).active_on(day)
               .order_by("forbund__name", "kind", "name"))
    added = []
    with services.action("consultation.representatives_invited", user=user, forbund=forbund, obj=consultation):
        for member in members:
            if organisation_key(member) in represented:
                continue
            reps = [r for r in Representative.objects.filter(member=member).select_related("person")
                    .order_by("person__name") if r.active_on(day)]
            for rep in reps:
                if rep.person_id in persons:
                    continue
                added.append(services.save(Participant(consultation=consultation, person=rep.person, represents=member)))
                persons.add(rep.person_id)
            if reps:
                represented.add(organisation_key(member))
        services.current_action().data = {"added": [p.person_id for p in added]}
    return added


@services.service
def invite_delegations(consultation, forbund, *, user) -> list[Participant]:
    """Add each covered förbund's ordförande and förbundschef on the samråd's date (from the mandates)."""
    from samordna.organisations.models import Mandate, MandateRole

    _require_covered(consultation, forbund)
    persons = set(consultation.participants.values_list("person_id", flat=True))
    added = []
    with services.action("consultation.delegations_invited", user=user, forbund=forbund, obj=consultation):
        for covered in consultation.forbund.order_by("name"):
            for role in (MandateRole.ORDFORANDE, MandateRole.FORBUNDSCHEF):
                mandates = (Mandate.objects.filter(forbund=covered, role=role).active_on(consultation.date)
                            .select_related("person").order_by("person__name"))
                for mandate in mandates[:1]:
                    if mandate.person_id in persons:
                        continue
                    added.append(services.save(Participant(
                        consultation=consultation, person=mandate.person, for_forbund=covered, capacity=role)))
                    persons.add(mandate.person_id)
        services.current_action().data = {"added": [p.person_id for p in added]}
    return added


def _check_topic(topic, title) -> None:
    if topic and topic not in Topic.values:
        raise DomainError(_("Välj ett ämne ur listan."), field="topic")
    if not (title or "").strip() and not topic:
        raise DomainError(_("Ange en rubrik eller ett ämne."), field="title")


@services.service
def add_agenda_item(consultation, forbund, *, user, title="", topic=None) -> AgendaItem:
    _require_covered(consultation, forbund)
    _check_topic(topic, title)
    position = max(consultation.agenda.values_list("position", flat=True), default=-1) + 1
    item = AgendaItem(consultation=consultation, position=position, title=(title or "").strip() or None,
                      topic=topic or None)
    with services.action("consultation.agenda_added", user=user, forbund=forbund, obj=consultation,
                         data={"title": item.title, "topic": item.topic}):
        services.save(item)
    return item


@services.service
def change_agenda_item(item, forbund, *, user, title="", topic=None) -> AgendaItem:
    _require_covered(item.consultation, forbund)
    _check_topic(topic, title)
    with services.action("consultation.agenda_changed", user=user, forbund=forbund, obj=item.consultation,
                         data={"position": item.position, "title": title, "topic": topic}):
        item.title, item.topic = (title or "").strip() or None, topic or None
        services.save(item)
    return item


@services.service
def remove_agenda_item(item, forbund, *, user) -> None:
    consultation = item.consultation
    _require_covered(consultation, forbund)
    with services.action("consultation.agenda_removed", user=user, forbund=forbund, obj=consultation,
                         data={"position": item.position, "title": item.title}):
        services.remove(item)
        for position, later in enumerate(consultation.agenda.order_by("position")):
            if later.position != position:
                later.position = position
                services.save(later)


@services.service
def send_invitations(consultation, forbund, *, user, day=None) -> list[Participant]:
    """Invite every participant not invited yet by e-mail: the invitation as a PDF and the samråd's documents
    (non-secret; see invitation.documents). Returns those invited (a participant without an e-mail address is
    invited too, and the page says so from the queue's record)."""
    from samordna.mail import services as mail

    from . import invitation

    _require_covered(consultation, forbund)
    day = day or today()
    if consultation.date < day:
        raise DomainError(_("Samrådet har redan hållits; inbjudan kan inte skickas."))
    invitees = list(consultation.participants.filter(invited_on__isnull=True).select_related("person", "represents",
                                                                                               "for_forbund"))
    if not invitees:
        raise DomainError(_("Alla deltagare har redan bjudits in. Lägg till deltagare först."))
    files = invitation.attachments(consultation, day=day)
    subject = invitation.subject(consultation)
    with services.action("consultation.invited", user=user, forbund=forbund, obj=consultation,
                         data={"persons": [p.person_id for p in invitees]}):
        mail.queue(subject=subject, body=invitation.text(consultation), recipients=[p.person for p in invitees],
                   forbund=forbund, kind="samrad-invitation", attachments=files, about=consultation)
        for participant in invitees:
            participant.invited_on = day
            services.save(participant)
        consultation.invitations_sent_on = day
        services.save(consultation)
    return invitees


@services.service
def record_reply(participant, forbund, *, user, reply, day=None) -> Participant:
    """Record an invitee's reply (coming / not coming, and when; empty: no reply)."""
    _require_covered(participant.consultation, forbund)
    if reply and reply not in Reply.values:
        raise DomainError(_("Välj ett svar ur listan."), field="reply")
    with services.action("consultation.reply_recorded", user=user, forbund=forbund, obj=participant.consultation,
                         data={"person": participant.person_id, "reply": reply or None}):
        participant.reply = reply or None
        participant.replied_on = (day or today()) if reply else None
        services.save(participant)
    return participant


@services.service
def record_consultation(consultation, forbund, *, user, attended, notes, statements, day=None) -> Consultation:
    """Record a held samråd: who came (participant pks in `attended`), the notes per agenda point
    (`notes`: item pk -> text) and each member's statement (`statements`: member pk -> text; empty removes it)."""
    from samordna.organisations.models import Member

    _require_covered(consultation, forbund)
    if consultation.date > (day or today()):
        raise DomainError(_("Samrådet kan registreras från och med dagen då det hålls."))
    covered = _covered_ids(consultation)
    members = {m.pk: m for m in Member.objects.filter(pk__in=list(statements), forbund_id__in=covered)}
    if set(statements) - set(members):
        raise DomainError(_("Synpunkter kan bara registreras för medlemmar i förbund som samrådet omfattar."))
    attended = set(attended)
    with services.action("consultation.recorded", user=user, forbund=forbund, obj=consultation, data={
        "attended": sorted(attended), "notes": sorted(notes), "statements": sorted(statements)}):
        for participant in consultation.participants.all():
            came = participant.pk in attended
            if participant.attended is not came:
                participant.attended = came
                services.save(participant)
        for item in consultation.agenda.filter(pk__in=list(notes)):
            text = (notes[item.pk] or "").strip() or None
            if item.notes != text:
                item.notes = text
                services.save(item)
        existing = {s.member_id: s for s in MemberStatement.objects.filter(consultation=consultation)}
        for member_pk, text in statements.items():
            text = (text or "").strip()
            statement = existing.get(member_pk)
            if not text:
                if statement is not None:
                    services.remove(statement)
            elif statement is None:
                services.save(MemberStatement(consultation=consultation, member=members[member_pk], text=text))
            elif statement.text != text:
                statement.text = text
                services.save(statement)
    return consultation


@services.service
def send_notes(consultation, forbund, *, user, day=None) -> object:
    """Send the notes of a held samråd as a PDF to every participant and every member's representatives
    (of each covered förbund, on the samråd's date). Returns the queued Message."""
    from samordna.mail import services as mail

    from . import invitation

    _require_covered(consultation, forbund)
    day = day or today()
    if consultation.date > day:
        raise DomainError(_("Anteckningarna kan skickas först när samrådet har hållits."))
    recipients = invitation.notes_recipients(consultation)
    if not recipients:
        raise DomainError(_("Samrådet har varken deltagare eller medlemsrepresentanter att skicka till."))
    pdf = invitation.notes_pdf(consultation, day=day)
    with services.action("consultation.notes_sent", user=user, forbund=forbund, obj=consultation,
                         data={"persons": [p.pk for p in recipients]}):
        message = mail.queue(subject=invitation.notes_subject(consultation), body=invitation.notes_text(consultation),
                             recipients=recipients, forbund=forbund, kind="samrad-notes",
                             attachments=[(invitation.notes_filename(consultation), pdf, "application/pdf")],
                             about=consultation)
        consultation.notes_sent_on = day
        services.save(consultation)
    return message

# --- end of planning (issue 11, items 1–4) ---


# Information to the members (FinsamL 18 §) and the members' representatives ------------------------------
# (samordna/samrad/notice_views.py and member_views.py call these; docs/decisions.md tells why.)


def material_q(prefix: str = "") -> Q:
    """The documents a member organisation may be given (Q on Document): never a secret one, nor any document
    of a secret matter, whatever the reader's role."""
    return ~Q(**{f"{prefix}classification": "secret"}) & (
        Q(**{f"{prefix}matter__isnull": True}) | Q(**{f"{prefix}matter__secret": False}))


def is_material(document) -> bool:
    """`material_q` for one document."""
    return document.classification != "secret" and not (document.matter_id and document.matter.secret)


def active_representatives(member, day: datetime.date):
    """The member's representatives (organisations.Representative) active on `day`, by name."""
    from samordna.organisations.models import Representative

    return (Representative.objects.filter(member=member)
            .filter(Q(date_from__isnull=True) | Q(date_from__lte=day))
            .filter(Q(date_to__isnull=True) | Q(date_to__gte=day))
            .select_related("person").order_by("person__name"))


def _new_notice_id(forbund, day: datetime.date) -> str:
    from .models import Notice

    base = f"{forbund.slug}-n-{day.isoformat()}"
    taken = set(Notice.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _body(forbund, subject: str, text: str, about, titles: list[str]) -> str:
    lines = [_("Information från %(forbund)s till förbundets medlemmar (FinsamL 18 §).") % {"forbund": forbund.name},
             "", subject, "", text.strip()]
    if about is not None:
        lines += ["", _("Gäller beslut vid styrelsens sammanträde %(date)s, § %(number)s %(title)s.") % {
            "date": about.meeting.date.isoformat(), "number": about.number, "title": about.title or ""}]
    if titles:
        lines += ["", _("Bifogade handlingar:")] + [f"- {t}" for t in titles]
    lines += ["", _("Du får detta som representant för en medlemsorganisation i förbundet.")]
    return "\n".join(lines).strip() + "\n"


@services.service
def send_information(forbund, *, user, subject: str, text: str, day: datetime.date, members=None, about=None,
                     documents=()):
    """Inform the members (FinsamL 18 §): one e-mail to the representatives of each member (active on `day`),
    with the documents attached, recorded as a Notice with its date and the members it reached.

    `members`: the members to inform (default: every member active on `day`); each must be the förbund's and
    active on the day. A member without a representative with an e-mail address on the day is not reached:
    it is recorded (Notice.unreached) and not counted as informed. `about`: the decided item (meetings.Item)
    the information is about. `documents`: diarium documents of the förbund, never secret ones."""
    from samordna.mail import services as mail
    from samordna.meetings.models import Item
    from samordna.organisations.models import Member

    from .models import Notice, NoticeDocument, NoticeUnreached

    subject = " ".join((subject or "").split())
    text = (text or "").strip()
    if not subject:
        raise DomainError(_("Ange ett ämne för informationen."), field="subject")
    if len(subject) > 300:
        raise DomainError(_("Ämnet får vara högst 300 tecken."), field="subject")
    if not text:
        raise DomainError(_("Skriv vad medlemmarna ska informeras om."), field="text")
    if day is None:
        raise DomainError(_("Ange ett datum."), field="day")
    if about is not None:
        if not isinstance(about, Item) or about.forbund_id != forbund.pk:
            raise DomainError(_("Paragrafen hör inte till förbundet."), field="about")
        if about.meeting.date > day:
            raise DomainError(_("Beslutet är inte fattat ännu: sammanträdet är %(date)s.") % {
                "date": about.meeting.date.isoformat()}, field="about")
    active = list(Member.objects.filter(forbund=forbund).active_on(day).order_by("kind", "name"))
    if members is None:
        members = active
    members = list(members)
    active_pks = {m.pk for m in active}
    for member in members:
        if member.forbund_id != forbund.pk:
            raise DomainError(_("%(member)s är inte medlem i förbundet.") % {"member": member}, field="members")
        if member.pk not in active_pks:
            raise DomainError(_("%(member)s är inte medlem %(date)s.") % {"member": member,
                                                                          "date": day.isoformat()}, field="members")
    if not members:
        raise DomainError(_("Välj minst en medlem att informera."), field="members")
    documents = list(documents)
    for document in documents:
        if document.forbund_id != forbund.pk:
            raise DomainError(_("Handlingen hör inte till förbundet."), field="documents")
        if not is_material(document):
            raise DomainError(_("Handlingen %(title)s omfattas av sekretess och skickas aldrig till medlemmarna.")
                              % {"title": document.title}, field="documents")
    reached, unreached, persons = [], [], []
    for member in members:
        with_address = [r.person for r in active_representatives(member, day) if r.person.email]
        if with_address:
            reached.append(member)
            persons += with_address
        else:
            unreached.append(member)
    attachments = []
    for document in documents:
        try:
            with document.file.open("rb") as handle:
                attachments.append((document.original_name, handle.read(), document.content_type))
        except FileNotFoundError:
            raise DomainError(_("Filen till handlingen %(title)s saknas.") % {"title": document.title},
                              field="documents") from None
    notice = Notice(forbund=forbund, external_id=_new_notice_id(forbund, day), date=day, subject=subject, text=text,
                    about=about)
    data = {"subject": subject, "date": day.isoformat(), "about": about.external_id if about else None,
            "recipients": [m.name for m in reached], "unreached": [m.name for m in unreached],
            "documents": [d.title for d in documents]}
    with services.action("notice.sent", user=user, forbund=forbund, obj=notice, data=data) as record:
        services.save(notice)
        services.set_object(record, notice)
        notice.recipients.set(reached)
        for document in documents:
            services.save(NoticeDocument(forbund=forbund, notice=notice, document=document, title=document.title))
        for member in unreached:
            services.save(NoticeUnreached(forbund=forbund, notice=notice, member=member))
        if persons:
            mail.queue(subject=f"{forbund.name}: {subject}", body=_body(forbund, subject, text, about,
                                                                         [d.title for d in documents]),
                       recipients=persons, forbund=forbund, kind="information", attachments=attachments,
                       about=notice)
    notice.reached, notice.not_reached = reached, unreached
    return notice


@services.service
def name_representative(member, *, user, name: str, email: str, date_from: datetime.date | None = None):
    """The member names a representative by name and e-mail address: the förbund's person with that address
    (one its data refers to), else a new person; then organisations.services.add_representative."""
    from samordna.organisations import services as organisations
    from samordna.organisations.models import Person

    name, email = " ".join((name or "").split()), (email or "").strip()
    if not name:
        raise DomainError(_("Ange representantens namn."), field="name")
    if not email:
        raise DomainError(_("Ange representantens e-postadress: informationen skickas dit."), field="email")
    person = Person.objects.of_forbund(member.forbund).filter(email__iexact=email).order_by("pk").first()
    if person is None:
        with services.action("representative.added", user=user, forbund=member.forbund,
                             data={"person": name, "member": member.name}):
            person = Person(external_id=f"p-{slugify(name)[:60] or 'representant'}-{uuid.uuid4().hex[:8]}",
                            name=name, email=email)
            services.save(person)
            return organisations.add_representative(member, person, user=user, date_from=date_from)
    return organisations.add_representative(member, person, user=user, date_from=date_from)


def describe_actions() -> None:
    """How the Händelselogg says this app's actions (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    audit.describe_action("notice.sent", gettext_lazy("Informationen %(object)s skickades till medlemmarna av %(who)s"))
    for name, sentence in {
        "consultation.planned": gettext_lazy("%(object)s planerades av %(who)s"),
        "consultation.changed": gettext_lazy("%(object)s ändrades av %(who)s"),
        "consultation.participant_added": gettext_lazy("En deltagare lades till i %(object)s av %(who)s"),
        "consultation.participant_changed": gettext_lazy("En deltagare i %(object)s ändrades av %(who)s"),
        "consultation.participant_removed": gettext_lazy("En deltagare togs bort från %(object)s av %(who)s"),
        "consultation.representatives_invited": gettext_lazy(
            "Medlemmarnas representanter bjöds in till %(object)s av %(who)s"),
        "consultation.delegations_invited": gettext_lazy("Förbundens delegationer bjöds in till %(object)s av %(who)s"),
        "consultation.agenda_added": gettext_lazy("En punkt lades till på dagordningen för %(object)s av %(who)s"),
        "consultation.agenda_changed": gettext_lazy("Dagordningen för %(object)s ändrades av %(who)s"),
        "consultation.agenda_removed": gettext_lazy("En punkt togs bort från dagordningen för %(object)s av %(who)s"),
        "consultation.invited": gettext_lazy("Inbjudan till %(object)s skickades av %(who)s"),
        "consultation.reply_recorded": gettext_lazy("Ett svar på inbjudan till %(object)s registrerades av %(who)s"),
        "consultation.recorded": gettext_lazy("Anteckningarna från %(object)s registrerades av %(who)s"),
        "consultation.notes_sent": gettext_lazy("Anteckningarna från %(object)s skickades av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)
