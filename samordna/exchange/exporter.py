"""Export of förbund as a samordna-exchange/1 document, in canonical form.

A fixed number of queries (`.values()` per model) and grouping in memory: the query count does not grow
with the data. A consultation is exported when it covers an exported förbund; it then lists only the
exported förbund it covers, and only participants and a convener's member that belong to them (or to no
förbund), so the document stays valid on its own (see docs/decisions.md).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from samordna.diarium.models import Document, Matter
from samordna.exchange.canonical import canonical
from samordna.exchange.models import DocumentExtra
from samordna.exchange.validate import FORMAT
from samordna.finance.models import AnnualReport, Audit, Budget, Consulted, Contribution, Discharge, Remark
from samordna.insatser.models import Anchoring, Funding, Insats, Report
from samordna.meetings.models import (
    Attendance,
    Decision,
    Item,
    ItemSubstitute,
    Meeting,
    Minutes,
    Motion,
    Presence,
    ProtocolNote,
    Recusal,
    Reservation,
    Vote,
)
from samordna.organisations.models import Forbund, Mandate, Member, Person
from samordna.protokoll.models import Confirmation, ProtocolVersion
from samordna.publication.models import Anslag
from samordna.samrad.models import AgendaItem, Consultation, ConsultationDecision, Notice, Participant


class UnknownForbund(ValueError):
    """An export asked for förbund ids the database does not hold."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        super().__init__("no förbund with id " + ", ".join(repr(i) for i in ids))


def _s(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _utc(value: datetime | None) -> str | None:
    """A moment as the format writes it: UTC, `2026-03-20T09:15:00Z` (fractions of a second kept)."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _time(value: time | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes" if not value.second and not value.microsecond else "auto")


def _flag(value: bool) -> bool | None:
    return True if value else None


def matter_exchange_id(slug: str, year: int, serial: int, external_id: str | None = None) -> str:
    """A matter's id in the exchange: the one it was imported with, else made of its förbund and number
    (`<förbund>-dnr-<year>-<serial>`), which the importer stores as no id of its own (docs/exchange.md)."""
    return external_id or f"{slug}-dnr-{year}-{serial}"


# The columns of a protokoll version the export reads (never the PDF's bytes).
_VERSION_FIELDS = ("id", "minutes_id", "number", "sha256", "source_sha256", "created_at", "extra")


def _drop_none(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v is not None}


def _grouped(rows, key: str) -> dict[Any, list[dict]]:
    out: dict[Any, list[dict]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _m2m(field, source_ids) -> dict[int, list[int]]:
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    out: dict[int, list[int]] = defaultdict(list)
    for s, t in through.objects.filter(**{f"{source}_id__in": source_ids}).values_list(f"{source}_id", f"{target}_id"):
        out[s].append(t)
    return out


# Where each meeting model's rows hang from their meeting (to read the rows of one meeting).
_MEETING_PATH = {
    Meeting: "id", Item: "meeting_id", Attendance: "meeting_id", Minutes: "meeting_id",
    Recusal: "item__meeting_id", ItemSubstitute: "item__meeting_id", Decision: "item__meeting_id",
    Motion: "item__meeting_id", ProtocolNote: "item__meeting_id",
    ProtocolVersion: "minutes__meeting_id", Confirmation: "minutes__meeting_id", Anslag: "minutes__meeting_id",
    Vote: "decision__item__meeting_id", Reservation: "decision__item__meeting_id",
}


class MeetingPart:
    """Meetings and everything under them, read with one query per model (`where(model)` gives the filter),
    and their objects of the document.

    The objects carry the format's optional, additive fields (docs/exchange.md): the absent with `presence`,
    the item bounds of presence and serving, an item's matter, presenter, proposal, `motions`, `notes`,
    `immediate_adjust`, `sent_to`, a decision's `vote_requested`, a meeting's time and place, and the minutes'
    justering record and anslag. With `conduct` (the meeting page's document for the rule engine, not for
    exchange) every conduct key is present, a motion carries its primary key as `id`, and the justering
    record and anslag are not read. The rule engine reads the conduct keys where they are present.
    """

    def __init__(self, where, person, insats_ext, *, conduct: bool = False, matter_ext=None):
        def rows(model, *fields):
            return list(model.objects.filter(**where(model)).values(*fields))

        self.person, self.insats_ext, self.conduct = person, insats_ext, conduct
        self.matter_ext = matter_ext or {}
        self.meetings = rows(Meeting)
        self.items = rows(Item)
        self.item_ext = {i["id"]: i["external_id"] for i in self.items}
        self.items_by_meeting = _grouped(self.items, "meeting_id")
        self.attendance = _grouped(rows(Attendance), "meeting_id")
        self.recused = _grouped(rows(Recusal), "item_id")
        self.substitutes = _grouped(rows(ItemSubstitute), "item_id")
        self.decisions = {d["item_id"]: d for d in rows(Decision)}
        self.votes = _grouped(rows(Vote), "decision_id")
        self.reservations = _grouped(rows(Reservation), "decision_id")
        self.minutes = {m["meeting_id"]: m for m in rows(Minutes)}
        self.adjusters = _m2m(Minutes._meta.get_field("adjusters"), [m["id"] for m in self.minutes.values()])
        self.motions = _grouped(rows(Motion), "item_id")
        self.notes = _grouped(rows(ProtocolNote), "item_id")
        # The justering record and the anslag: the whole export's (the rule engine's meeting reads neither).
        self.versions = {} if conduct else _grouped(rows(ProtocolVersion, *_VERSION_FIELDS), "minutes_id")
        self.confirmations = {} if conduct else _grouped(rows(Confirmation), "minutes_id")
        self.anslag = {} if conduct else {a["minutes_id"]: a for a in rows(Anslag)}

    def item_doc(self, it):
        person = self.person
        d = self.decisions.get(it["id"])
        decision = None
        if d is not None:
            decision = _drop_none({
                "outcome": d["outcome"], "text": d["text"],
                "votes": [_drop_none({"person": person(v["person_id"]), "vote": v["vote"], "extra": v["extra"]})
                          for v in self.votes.get(d["id"], [])],
                "casting_vote": person(d["casting_vote_id"]), "lot": d["lot"],
                "reservations": [_drop_none({"person": person(r["person_id"]), "reason": r["reason"],
                                             "extra": r["extra"]}) for r in self.reservations.get(d["id"], [])],
                "extra": d["extra"],
            })
            if self.conduct:
                decision["vote_requested"] = d["vote_requested"]
            elif d["vote_requested"]:
                decision["vote_requested"] = True
        doc = _drop_none({
            "id": it["external_id"], "number": it["number"], "title": it["title"], "kind": it["kind"],
            "personnel_or_election": it["personnel_or_election"], "major": it["major"],
            "documents_sent": _s(it["documents_sent"]), "insats": self.insats_ext.get(it["insats_id"]),
            "recused": [_drop_none({"person": person(r["person_id"]), "reason": r["reason"], "extra": r["extra"]})
                        for r in self.recused.get(it["id"], [])],
            "substitutes": [_drop_none({"person": person(s["person_id"]), "replaces": person(s["replaces_id"]),
                                        "extra": s["extra"]}) for s in self.substitutes.get(it["id"], [])],
            "decision": decision, "extra": it["extra"],
        })
        if self.conduct:
            doc.update({
                "motions": [{"id": m["id"], "person": person(m["person_id"]), "text": m["text"], "order": m["order"],
                             "withdrawn": m["withdrawn"], "put_order": m["put_order"]}
                            for m in self.motions.get(it["id"], [])],
                "notes": [_drop_none({"person": person(n["person_id"]), "text": n["text"]})
                          for n in self.notes.get(it["id"], [])],
                "immediate_adjust": it["immediate_adjust"], "sent_to": it["sent_to"],
            })
        else:  # the format's optional, additive fields (docs/exchange.md)
            doc.update(_drop_none({
                "matter": self.matter_ext.get(it["matter_id"]), "presenter": person(it["presenter_id"]),
                "proposal": it["proposal"] or None, "immediate_adjust": _flag(it["immediate_adjust"]),
                "sent_to": it["sent_to"] or None,
                "motions": [_drop_none({"person": person(m["person_id"]), "text": m["text"], "order": m["order"],
                                        "withdrawn": _flag(m["withdrawn"]), "put_order": m["put_order"],
                                        "extra": m["extra"]}) for m in self.motions.get(it["id"], [])] or None,
                "notes": [_drop_none({"person": person(n["person_id"]), "text": n["text"], "extra": n["extra"]})
                          for n in self.notes.get(it["id"], [])] or None,
            }))
        return doc

    def attendance_doc(self, a):
        doc = _drop_none({"person": self.person(a["person_id"]), "capacity": a["capacity"], "remote": a["remote"],
                          "serving": a["serving"], "replaces": self.person(a["replaces_id"]), "extra": a["extra"]})
        if self.conduct or a["presence"] == Presence.ABSENT:
            # (the format derives present and remote from `remote`: only the absent say so)
            doc["presence"] = a["presence"]
        doc.update(_drop_none({
            "arrives_at_item": a["arrives_at_item"], "leaves_at_item": a["leaves_at_item"],
            "serving_from_item": a["serving_from_item"], "serving_to_item": a["serving_to_item"]}))
        return doc

    def minutes_doc(self, mn):
        doc = _drop_none({
            "adjusted": _s(mn["adjusted"]), "adjusters": [self.person(p) for p in self.adjusters.get(mn["id"], [])],
            "published": _s(mn["published"]), "extra": mn["extra"]})
        if self.conduct:
            return doc
        numbers = {v["id"]: v["number"] for v in self.versions.get(mn["id"], [])}
        a = self.anslag.get(mn["id"])
        doc.update(_drop_none({
            "versions": [_drop_none({"number": v["number"], "sha256": v["sha256"],
                                     "source_sha256": v["source_sha256"] or None, "created": _utc(v["created_at"]),
                                     "extra": v["extra"]}) for v in self.versions.get(mn["id"], [])] or None,
            "confirmations": [_drop_none({"person": self.person(c["person_id"]), "version": numbers[c["version_id"]],
                                          "confirmed": _utc(c["confirmed_at"]), "sha256": c["sha256"],
                                          "signed_in_as": c["user_label"] or None, "extra": c["extra"]})
                              for c in self.confirmations.get(mn["id"], [])] or None,
            "anslag": None if a is None else _drop_none({
                "posted": _s(a["posted"]), "appeal_until": _s(a["appeal_until"]), "taken_down": _s(a["taken_down"]),
                "kept_at": a["kept_at"] or None, "posted_by": a["posted_by_name"] or None,
                "paragraphs": a["paragraphs"] or None, "extra": a["extra"]}),
        }))
        return doc

    def meeting_doc(self, mt):
        mn = self.minutes.get(mt["id"])
        doc = _drop_none({
            "id": mt["external_id"], "date": _s(mt["date"]), "kind": mt["kind"], "notice_sent": _s(mt["notice_sent"]),
            "attendance": [self.attendance_doc(a) for a in self.attendance.get(mt["id"], [])],
            "items": [self.item_doc(it) for it in self.items_by_meeting.get(mt["id"], [])],
            "minutes": None if mn is None else self.minutes_doc(mn),
            "extra": mt["extra"],
        })
        if not self.conduct:
            doc.update(_drop_none({"start_time": _time(mt["start_time"]), "place": mt["place"] or None,
                                   "remote_allowed": _flag(mt["remote_allowed"])}))
        return doc


def export_document(forbund_ids: list[str] | None = None, *, secret: bool = True) -> dict:
    """The canonical document of the given förbund (all when None); UnknownForbund for ids not found.

    `secret=False` is the export for readers who may not see secrets (the national level, another system):
    a secret matter shows only its id, date and diarienummer (OSL 5 kap.), and neither a secret document nor
    any document of a secret matter is listed (docs/exchange.md). The documents' contents are never exported.
    """
    forbund_qs = Forbund.objects.all()
    if forbund_ids is not None:
        forbund_qs = forbund_qs.filter(slug__in=forbund_ids)
    forbund = list(forbund_qs.values())
    if forbund_ids is not None:
        missing = sorted(set(forbund_ids) - {f["slug"] for f in forbund})
        if missing:
            raise UnknownForbund(missing)
    fpks = [f["id"] for f in forbund]
    slug = {f["id"]: f["slug"] for f in forbund}

    def rows(model, **filters):
        return list(model.objects.filter(**filters).values())

    members = rows(Member, forbund_id__in=fpks)
    member_ext = {m["id"]: m["external_id"] for m in members}
    person_pks: set[int] = set()

    def person(pk):
        if pk is None:
            return None
        person_pks.add(pk)
        return pk  # resolved to an external id once all persons are known

    def mem(pk):
        return member_ext.get(pk)

    mandates = rows(Mandate, forbund_id__in=fpks)
    appointed = _m2m(Mandate._meta.get_field("appointed_by"), [m["id"] for m in mandates])
    insatser = rows(Insats, forbund_id__in=fpks)
    insats_ext = {i["id"]: i["external_id"] for i in insatser}
    matters = rows(Matter, forbund_id__in=fpks)
    matter_ext = {m["id"]: matter_exchange_id(slug[m["forbund_id"]], m["year"], m["serial"], m["external_id"])
                  for m in matters}
    documents = _grouped(rows(Document, forbund_id__in=fpks), "forbund_id")
    part = MeetingPart(lambda model: {"forbund_id__in": fpks}, person, insats_ext, matter_ext=matter_ext)
    meetings = part.meetings
    item_ext = part.item_ext
    parties = _m2m(Insats._meta.get_field("parties"), list(insats_ext))
    concerns = _m2m(Insats._meta.get_field("concerns"), list(insats_ext))
    anchoring = _grouped(rows(Anchoring, forbund_id__in=fpks), "insats_id")
    funding = _grouped(rows(Funding, forbund_id__in=fpks), "insats_id")
    reports = _grouped(rows(Report, forbund_id__in=fpks), "insats_id")
    budgets = _grouped(rows(Budget, forbund_id__in=fpks), "forbund_id")
    contributions = _grouped(rows(Contribution, forbund_id__in=fpks), "budget_id")
    consulted = _grouped(rows(Consulted, forbund_id__in=fpks), "budget_id")
    annual = _grouped(rows(AnnualReport, forbund_id__in=fpks), "forbund_id")
    audits = {a["annual_report_id"]: a for a in rows(Audit, forbund_id__in=fpks)}
    delivered = _m2m(Audit._meta.get_field("delivered_to"), [a["id"] for a in audits.values()])
    remarks = _grouped(rows(Remark, forbund_id__in=fpks), "audit_id")
    discharges = _grouped(rows(Discharge, forbund_id__in=fpks), "annual_report_id")
    notices = _grouped(rows(Notice, forbund_id__in=fpks), "forbund_id")
    recipients = _m2m(Notice._meta.get_field("recipients"), [n["id"] for ns in notices.values() for n in ns])

    by_forbund = {key: _grouped(values, "forbund_id") for key, values in
                  (("members", members), ("mandates", mandates), ("meetings", meetings), ("insatser", insatser),
                   ("matters", matters))}
    budget_year = {b["id"]: b["year"] for bs in budgets.values() for b in bs}
    annual_year = {a["id"]: a["year"] for ars in annual.values() for a in ars}
    consultation_ext = dict(Consultation.objects.filter(matters__forbund_id__in=fpks).values_list("id", "external_id"))
    secret_matters = {m["id"] for m in matters if m["secret"]}

    def matter_doc(m):
        doc = {"id": matter_ext[m["id"]], "dnr": m["dnr"], "year": m["year"], "serial": m["serial"],
               "registered": _s(m["registered"])}
        if m["secret"] and not secret:
            return {**doc, "secret": True}  # OSL 5 kap.: only the date and the diarienummer
        return _drop_none({
            **doc, "title": m["title"] or None, "kind": m["kind"], "direction": m["direction"],
            "counterpart": m["counterpart"] or None, "secret": _flag(m["secret"]), "osl_ground": m["osl_ground"] or None,
            "status": m["status"], "closed": _s(m["closed"]), "insats": insats_ext.get(m["insats_id"]),
            "budget": budget_year.get(m["budget_id"]), "annual_report": annual_year.get(m["annual_report_id"]),
            "consultation": consultation_ext.get(m["consultation_id"]), "extra": m["extra"]})

    def document_doc(d):
        return _drop_none({
            "filename": d["original_name"], "title": d["title"] or None, "content_type": d["content_type"] or None,
            "size": d["size"], "sha256": d["sha256"], "classification": d["classification"],
            "osl_ground": d["osl_ground"] or None, "registered": _s(d["registered"]),
            "matter": matter_ext.get(d["matter_id"]), "extra": d["extra"]})

    def shown(d):
        return secret or (d["classification"] != "secret" and d["matter_id"] not in secret_matters)

    def insats_doc(ins):
        return _drop_none({
            "id": ins["external_id"], "name": ins["name"], "direction": ins["direction"], "owner": mem(ins["owner_id"]),
            "parties": [mem(m) for m in parties.get(ins["id"], [])],
            "concerns": [mem(m) for m in concerns.get(ins["id"], [])],
            "anchoring": [_drop_none({"member": mem(a["member_id"]), "date": _s(a["date"]), "extra": a["extra"]})
                          for a in anchoring.get(ins["id"], [])],
            "start": _s(ins["start"]), "end": _s(ins["end"]), "followup_registered": _s(ins["followup_registered"]),
            "funding": [_drop_none({"year": f["year"], "amount": f["amount"],
                                    "decided_in": item_ext.get(f["decided_in_id"]), "extra": f["extra"]})
                        for f in funding.get(ins["id"], [])],
            "reports": [_drop_none({
                "date": _s(r["date"]), "kind": r["kind"], "presented_in": item_ext.get(r["presented_in_id"]),
                "participants": _drop_none({"women": r["participants_women"], "men": r["participants_men"],
                                            "other": r["participants_other"], "extra": r["participants_extra"]}),
                "outcomes": r["outcomes"], "extra": r["extra"]}) for r in reports.get(ins["id"], [])],
            "extra": ins["extra"],
        })

    def budget_doc(b):
        return _drop_none({
            "year": b["year"], "adopted": _s(b["adopted"]), "decided_in": item_ext.get(b["decided_in_id"]),
            "contributions": [_drop_none({"member": mem(c["member_id"]), "amount": c["amount"], "extra": c["extra"]})
                              for c in contributions.get(b["id"], [])],
            "allocations": _drop_none({"insatser": b["allocation_insatser"],
                                       "administration": b["allocation_administration"],
                                       "extra": b["allocations_extra"]}),
            "consulted": [_drop_none({"member": mem(c["member_id"]), "date": _s(c["date"]), "how": c["how"],
                                      "extra": c["extra"]}) for c in consulted.get(b["id"], [])],
            "extra": b["extra"],
        })

    def annual_doc(ar):
        a = audits.get(ar["id"])
        audit = None
        if a is not None:
            audit = _drop_none({
                "report_date": _s(a["report_date"]), "delivered_to": [mem(m) for m in delivered.get(a["id"], [])],
                "remarks": [_drop_none({
                    "id": r["external_id"], "text": r["text"],
                    "response": _drop_none({"date": _s(r["response_date"]),
                                            "decided_in": item_ext.get(r["response_decided_in_id"]),
                                            "extra": r["response_extra"]}),
                    "extra": r["extra"]}) for r in remarks.get(a["id"], [])],
                "extra": a["extra"],
            })
        return _drop_none({
            "year": ar["year"], "made": _s(ar["made"]), "delivered_to_members": _s(ar["delivered_to_members"]),
            "equity": ar["equity"], "audit": audit,
            "discharge": [_drop_none({"member": mem(d["member_id"]), "decision": d["decision"], "date": _s(d["date"]),
                                      "extra": d["extra"]}) for d in discharges.get(ar["id"], [])],
            "extra": ar["extra"],
        })

    forbund_docs = []
    for f in forbund:
        fk = f["id"]
        forbund_docs.append(_drop_none({
            "id": f["slug"], "name": f["name"], "organisationsnummer": f["organisationsnummer"],
            "founded": _s(f["founded"]),
            "statutes": _statutes_doc(f),
            "members": [_member_doc(m) for m in by_forbund["members"].get(fk, [])],
            "mandates": [_mandate_doc(m, person, mem, appointed) for m in by_forbund["mandates"].get(fk, [])],
            "meetings": [part.meeting_doc(mt) for mt in by_forbund["meetings"].get(fk, [])],
            "insatser": [insats_doc(i) for i in by_forbund["insatser"].get(fk, [])],
            "budgets": [budget_doc(b) for b in budgets.get(fk, [])],
            "annual_reports": [annual_doc(a) for a in annual.get(fk, [])],
            "notices": [_drop_none({
                "id": n["external_id"], "date": _s(n["date"]), "subject": n["subject"],
                "recipients": [mem(m) for m in recipients.get(n["id"], [])], "about": item_ext.get(n["about_id"]),
                "extra": n["extra"]}) for n in notices.get(fk, [])],
            "matters": [matter_doc(m) for m in by_forbund["matters"].get(fk, [])] or None,
            "documents": [document_doc(d) for d in documents.get(fk, []) if shown(d)] or None,
            "extra": f["extra"],
        }))

    consultation_docs = _consultations(fpks, slug, mem, person, forbund_ids is None)
    persons = list(Person.objects.filter(id__in=person_pks).values("id", "external_id", "name", "email", "extra"))
    if forbund_ids is None:
        # A whole export also carries persons no förbund refers to (yet), so that nothing is lost.
        persons = list(Person.objects.values("id", "external_id", "name", "email", "extra"))
    person_ext = {p["id"]: p["external_id"] for p in persons}
    doc = {
        "format": FORMAT,
        "persons": [_drop_none({"id": p["external_id"], "name": p["name"], "email": p["email"], "extra": p["extra"]})
                    for p in persons],
        "forbund": forbund_docs,
        "consultations": consultation_docs,
    }
    extra = DocumentExtra.objects.values_list("extra", flat=True).first()
    if extra:
        doc["extra"] = extra
    _resolve_persons(doc, person_ext)
    return canonical(doc)


def _statutes_doc(f: dict) -> dict:
    return _drop_none({
        "board_term_start": f["board_term_start"], "notice_days": f["notice_days"],
        "adjust_within_days": f["adjust_within_days"], "report_interval_months": f["report_interval_months"],
        "equity_ceiling": f["equity_ceiling"], "extra": f["statutes_extra"]})


def _mandate_doc(m: dict, person, mem, appointed) -> dict:
    return _drop_none({
        "person": person(m["person_id"]), "role": m["role"],
        "appointed_by": [mem(a) for a in appointed.get(m["id"], [])] or None,
        "basis": m["basis"], "substitute_order": m["substitute_order"], "from": _s(m["date_from"]),
        "to": _s(m["date_to"]), "extra": m["extra"]})


def export_meeting(meeting: Meeting) -> dict:
    """One meeting as the rule engine reads it, with the board of its date: a document holding the meeting's
    förbund (statutes, members, the mandates active on the meeting date) with that one meeting, whose
    objects carry the conduct (`MeetingPart(conduct=True)`). The same code as the whole export, read with
    a fixed number of queries whatever the number of items or the years of history."""
    fk = meeting.forbund_id
    f = Forbund.objects.filter(pk=fk).values().get()
    members = list(Member.objects.filter(forbund_id=fk).values())
    member_ext = {m["id"]: m["external_id"] for m in members}
    person_pks: set[int] = set()

    def person(pk):
        if pk is not None:
            person_pks.add(pk)
        return pk

    mandates = list(Mandate.objects.filter(forbund_id=fk).active_on(meeting.date).values())
    appointed = _m2m(Mandate._meta.get_field("appointed_by"), [m["id"] for m in mandates])
    insats_ext = dict(Insats.objects.filter(items__meeting_id=meeting.pk).values_list("id", "external_id"))
    part = MeetingPart(lambda model: {_MEETING_PATH[model]: meeting.pk}, person, insats_ext, conduct=True)
    forbund_doc = _drop_none({
        "id": f["slug"], "name": f["name"], "organisationsnummer": f["organisationsnummer"],
        "founded": _s(f["founded"]), "statutes": _statutes_doc(f),
        "members": [_member_doc(m) for m in members],
        "mandates": [_mandate_doc(m, person, member_ext.get, appointed) for m in mandates],
        "meetings": [part.meeting_doc(mt) for mt in part.meetings],
        "extra": f["extra"],
    })
    persons = list(Person.objects.filter(id__in=person_pks).values("id", "external_id", "name", "email", "extra"))
    person_ext = {p["id"]: p["external_id"] for p in persons}
    doc = {
        "format": FORMAT,
        "persons": [_drop_none({"id": p["external_id"], "name": p["name"], "email": p["email"], "extra": p["extra"]})
                    for p in persons],
        "forbund": [forbund_doc],
        "consultations": [],
    }
    _resolve_persons(doc, person_ext)
    # The canonical form drops a motion's false and null keys; the meeting page reads every key of its motions
    # (with their primary keys), so they are put back as exported, in their order.
    motions = {it["id"]: it.get("motions") for mt in forbund_doc["meetings"] for it in mt["items"]}
    out = canonical(doc)
    for mt in out["forbund"][0]["meetings"]:
        for it in mt["items"]:
            if motions.get(it["id"]) is not None:
                it["motions"] = motions[it["id"]]
    return out


def _member_doc(m: dict) -> dict:
    return _drop_none({"id": m["external_id"], "kind": m["kind"], "name": m["name"], "code": m["code"],
                       "joined": _s(m["joined"]), "left": _s(m["left"]), "extra": m["extra"]})


def export_forbund_parts(forbund_ids: list[str]) -> dict[str, dict]:
    """Each given förbund's object exactly as a whole export (`export_document(None)`) holds it, by id."""
    if not forbund_ids:
        return {}
    return {f["id"]: f for f in export_document(forbund_ids)["forbund"]}


def export_shared() -> dict:
    """The parts of a whole export that belong to no one förbund: persons, consultations and extra.

    Exactly as `export_document(None)` holds them (consultations in member order across all förbund).
    """
    forbund = list(Forbund.objects.values("id", "slug"))
    fpks = [f["id"] for f in forbund]
    slug = {f["id"]: f["slug"] for f in forbund}
    members = list(Member.objects.filter(forbund_id__in=fpks).values())
    member_ext = {m["id"]: m["external_id"] for m in members}
    by_forbund = _grouped(members, "forbund_id")
    consultations = _consultations(fpks, slug, member_ext.get, lambda pk: pk, True)
    persons = list(Person.objects.values("id", "external_id", "name", "email", "extra"))
    person_ext = {p["id"]: p["external_id"] for p in persons}
    # Only the members matter for the canonical order of participants; the förbund are skeletons.
    skeleton = {
        "format": FORMAT,
        "persons": [_drop_none({"id": p["external_id"], "name": p["name"], "email": p["email"], "extra": p["extra"]})
                    for p in persons],
        "forbund": [{"id": slug[pk], "members": [_member_doc(m) for m in by_forbund.get(pk, [])]} for pk in fpks],
        "consultations": consultations,
    }
    _resolve_persons(skeleton, person_ext)
    doc = canonical(skeleton)
    out = {"persons": doc["persons"], "consultations": doc["consultations"]}
    extra = DocumentExtra.objects.values_list("extra", flat=True).first()
    if extra:
        out["extra"] = extra
    return out


_PERSON_FIELDS = {"person", "replaces", "casting_vote", "presenter"}


def _resolve_persons(node: Any, person_ext: dict[int, str], key: str | None = None) -> Any:
    """Replace the person primary keys left in the tree by their external ids (in place)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "extra" or k == "outcomes":
                continue
            if k in _PERSON_FIELDS and isinstance(v, int):
                node[k] = person_ext[v]
            elif k == "adjusters":
                node[k] = [person_ext[p] for p in v]
            elif isinstance(v, (dict, list)):
                _resolve_persons(v, person_ext, k)
    elif isinstance(node, list):
        for v in node:
            if isinstance(v, (dict, list)):
                _resolve_persons(v, person_ext, key)
    return node


def _consultations(fpks: list[int], slug: dict[int, str], mem, person, whole: bool) -> list[dict]:
    through = Consultation.forbund.through
    covered: dict[int, list[int]] = defaultdict(list)
    for cid, fk in through.objects.filter(forbund_id__in=fpks).values_list("consultation_id", "forbund_id"):
        covered[cid].append(fk)
    ids = list(covered)
    if whole:
        # consultations that cover no förbund at all are kept in a whole export
        ids += list(Consultation.objects.filter(forbund__isnull=True).values_list("id", flat=True))
    consultations = list(Consultation.objects.filter(id__in=ids).values())
    participants = _grouped(Participant.objects.filter(consultation_id__in=ids).values(), "consultation_id")
    agenda = _grouped(AgendaItem.objects.filter(consultation_id__in=ids).order_by("position").values(),
                      "consultation_id")
    decisions = _grouped(ConsultationDecision.objects.filter(consultation_id__in=ids).order_by("position").values(),
                         "consultation_id")
    exported = set(fpks)
    out = []
    for c in consultations:
        conv = _drop_none({"person": person(c["convener_person_id"]), "appointed_by": mem(c["convener_appointed_by_id"]),
                           "extra": c["convener_extra"]})
        parts = []
        for p in participants.get(c["id"], []):
            if p["represents_id"] is not None and mem(p["represents_id"]) is None:
                continue  # a representative of a member of a förbund not exported
            if p["for_forbund_id"] is not None and p["for_forbund_id"] not in exported:
                continue
            parts.append(_drop_none({"person": person(p["person_id"]), "represents": mem(p["represents_id"]),
                                     "for_forbund": slug.get(p["for_forbund_id"]), "capacity": p["capacity"],
                                     "reply": p["reply"], "attended": p["attended"], "extra": p["extra"]}))
        out.append(_drop_none({
            "id": c["external_id"], "kind": c["kind"], "forbund": sorted(slug[f] for f in covered.get(c["id"], [])),
            "date": _s(c["date"]), "convener": conv, "participants": parts,
            "agenda": [_drop_none({"title": a["title"], "topic": a["topic"], "notes": a["notes"] or None,
                                   "extra": a["extra"]})
                       for a in agenda.get(c["id"], [])],
            "decisions": [d["text"] for d in decisions.get(c["id"], [])],
            "extra": c["extra"],
        }))
    return out
