"""The protokoll of a meeting, generated from its data in kommunallagen 5 kap 67 § order with the standard
Swedish phrasing (PRACTICE.md §1): organ, date, time and place; beslutande (ledamöter, tjänstgörande
ersättare with whom they replace and their §§); närvarande ej tjänstgörande ersättare; övriga närvarande;
justerare; justeringens tid och plats; then per paragraf: rubrik, dnr, jäv, ersättare for the §, förslag
till beslut, yrkanden, propositionsordning, votering, beslut, reservationer, protokollsanteckningar,
expedieras till, corrections both ways. The signatures are replaced by the justering record (services.py),
shown beside the protokoll, never in the PDF (no signature images).

`protokoll_context(meeting)` reads everything in a constant number of queries, whatever the number of
items. `render_protokoll_html(meeting, public=...)` gives the protokoll's HTML (no page layout), for the
protokoll page and the public page; `protokoll_html_source(meeting)` the print HTML the PDF is made from;
`protokoll_pdf(meeting)` the PDF (for adjusted minutes, the exact bytes that were confirmed when there is
an e-justering, else rendered from the data).

Slots for data the meetings models do not hold yet (the lead wires them, see `_motions`, `_notes`,
`_expedieras`, `_serving_span`, `_adjustment_time_and_place`): each returns what the templates show, and
is the one place to read the new fields.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from samordna.lib import pdf
from samordna.meetings.models import Attendance, Capacity, Item, ItemKind, Meeting, Outcome, Vote, VoteChoice
from samordna.organisations.models import Mandate, MandateRole

from .models import Correction

PRINT_TEMPLATE = "protokoll/print.html"
BODY_TEMPLATE = "protokoll/_body.html"


def protokoll_queryset():
    """A meeting with everything its protokoll shows, in a constant number of queries."""
    votes = Vote.objects.select_related("person").order_by("person__name", "pk")
    items = (
        Item.objects.select_related("decision__casting_vote", "matter", "presenter").order_by("number", "pk")
        .prefetch_related(
            "recused__person", "substitutes__person", "substitutes__replaces", "motions__person", "notes__person",
            Prefetch("decision__votes", queryset=votes), "decision__reservations__person",
            Prefetch("corrections", queryset=Correction.objects.select_related("corrects__meeting")
                     .order_by("corrects__meeting__date", "corrects__number")),
            Prefetch("corrected_by", queryset=Correction.objects.select_related("item__meeting")
                     .order_by("item__meeting__date", "item__number")),
        )
    )
    # Who was there: a row recorded absent is no attendance (meetings.Presence).
    attendance = (Attendance.objects.exclude(presence="absent").select_related("person", "replaces")
                  .order_by("person__name", "pk"))
    return Meeting.objects.select_related("forbund", "minutes").prefetch_related(
        "minutes__adjusters", Prefetch("attendance", queryset=attendance), Prefetch("items", queryset=items),
    )


def load(meeting) -> Meeting:
    """The meeting with its protokoll's data prefetched (the same object when it already is)."""
    if getattr(meeting, "_protokoll_loaded", False):
        return meeting
    loaded = protokoll_queryset().get(pk=meeting.pk)
    loaded._protokoll_loaded = True
    return loaded


# Officers ---------------------------------------------------------------------------------------------

def officers(meeting) -> dict[int, str]:
    """Person pk -> "ordforande"/"vice_ordforande" for the mandates active on the meeting's date (cached)."""
    cached = getattr(meeting, "_protokoll_officers", None)
    if cached is None:
        cached = {}
        for person_id, role in Mandate.objects.filter(
            forbund_id=meeting.forbund_id, role__in=[MandateRole.ORDFORANDE, MandateRole.VICE_ORDFORANDE],
        ).active_on(meeting.date).order_by("role", "person_id").values_list("person_id", "role"):
            cached.setdefault(person_id, role)
        meeting._protokoll_officers = cached
    return cached


def chair_id(meeting) -> int | None:
    """Who chaired: the one ordförande on the meeting's date (as the rules find the chair, rules/context.py
    `Board.chair`); when the attendance is recorded and the ordförande is not in it, the vice ordförande
    present. None when there is no such person."""
    roles = officers(meeting)
    chairs = [p for p, role in roles.items() if role == MandateRole.ORDFORANDE]
    present = {a.person_id for a in meeting.attendance.all()}
    if len(chairs) == 1 and (not present or chairs[0] in present):
        return chairs[0]
    vices = sorted(p for p, role in roles.items() if role == MandateRole.VICE_ORDFORANDE and p in present)
    if vices:
        return vices[0]
    return chairs[0] if len(chairs) == 1 else None


# The context ------------------------------------------------------------------------------------------

@dataclass
class Line:
    """One line of a list in the protokoll: a name and what is said about it."""

    name: str
    note: str = ""


@dataclass
class Paragraf:
    item: Item
    number: int | None
    title: str
    anchor: str
    dnr: str = ""
    presenter: str = ""
    proposal: str = ""
    recusals: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)
    motions: list[str] = field(default_factory=list)
    order_of_questions: str = ""
    vote: dict | None = None
    decision: str = ""
    reservations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    expedieras: list[str] = field(default_factory=list)
    corrects: list[dict] = field(default_factory=list)
    corrected_by: list[dict] = field(default_factory=list)


def organ_name() -> str:
    return _("Styrelsen")


def _sections(numbers: list[int]) -> str:
    """§§ as a protokoll writes them: "§ 4", "§§ 4–6", "§§ 2, 4–6"."""
    numbers = sorted(set(n for n in numbers if n is not None))
    if not numbers:
        return ""
    runs, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:]:
        if n == prev + 1:
            prev = n
            continue
        runs.append((start, prev))
        start = prev = n
    runs.append((start, prev))
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)
    return f"§ {text}" if len(numbers) == 1 else f"§§ {text}"


# Slots: where the meetings models' coming fields are read (the lead wires them) -------------------------

def _serving_span(attendance) -> str:
    """The §§ an ersättare served, or a person arrived or left during the meeting: "§§ 36–40",
    "från § 5", "till och med § 7"; empty for the whole meeting."""
    if attendance.serving:
        first, last = attendance.serving_from_item, attendance.serving_to_item
    else:
        first, last = attendance.arrives_at_item, attendance.leaves_at_item
    if first is None and last is None:
        return ""
    if first is not None and last is not None:
        return _sections(list(range(first, last + 1))) if last - first < 200 else f"§§ {first}–{last}"
    if first is not None:
        return _("från § %(n)s") % {"n": first}
    return _("till och med § %(n)s") % {"n": last}


def _motions(item) -> tuple[list[str], str]:
    """Yrkanden that were not withdrawn (who moves what, in the order moved) and the propositionsordning:
    the order in which the chair put them to the board (kommunallagen 5 kap 67 §)."""
    motions = [m for m in item.motions.all() if not m.withdrawn]
    lines = [_("%(name)s yrkar %(text)s") % {"name": m.person.name, "text": m.text.strip().rstrip(".") + "."}
             for m in motions]
    put = sorted((m for m in motions if m.put_order is not None), key=lambda m: m.put_order)
    order = ""
    if put:
        asked = "; ".join(_("%(n)s) %(name)s yrkande") % {"n": i, "name": m.person.name}
                          for i, m in enumerate(put, start=1))
        order = _("Ordföranden ställer yrkandena mot varandra i denna ordning: %(order)s.") % {"order": asked}
    return lines, order


def _notes(item) -> list[str]:
    """Protokollsanteckningar of an item, with who asked for them."""
    return [(f"{n.person.name}: {n.text}" if n.person_id else n.text) for n in item.notes.all()]


def _expedieras(item) -> list[str]:
    """To whom the decision is sent (expedieras till): the item's field, else what an import carried."""
    if (item.sent_to or "").strip():
        return [line.strip() for line in item.sent_to.replace(";", "\n").splitlines() if line.strip()]
    extra = item.extra or {}
    value = extra.get("expedieras") if isinstance(extra, dict) else None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _adjustment_time_and_place(meeting, minutes, forbund) -> str:
    """Justeringens tid och plats. Slot: when the meetings app records the time and place agreed at the
    meeting, read it here; until then the e-justering in Samordna within the statutes' days."""
    extra = (minutes.extra or {}) if minutes is not None else {}
    if isinstance(extra, dict) and isinstance(extra.get("justering"), str):
        return extra["justering"]
    deadline = meeting.date + datetime.timedelta(days=forbund.adjust_within_days)
    from samordna.web.templatetags.samordna import datum

    return _("Elektronisk justering i Samordna, senast %(date)s") % {"date": datum(deadline)}


# Phrasing ---------------------------------------------------------------------------------------------

OUTCOME_PHRASES = {
    Outcome.APPROVED: N_("att bifalla förslaget"),
    Outcome.REJECTED: N_("att avslå förslaget"),
    Outcome.REFERRED_BACK: N_("att återremittera ärendet"),
    Outcome.TABLED: N_("att bordlägga ärendet"),
    Outcome.NOTED: N_("att lägga informationen till handlingarna"),
    Outcome.ELECTED: N_("att förrätta valet"),
}


def decision_text(item, decision, organ: str) -> str:
    """Beslut in the standard phrasing: "Styrelsen beslutar att …". A decision text that is already a
    whole decision ("Styrelsen fastställer …") is kept; one that starts with "att" follows "beslutar"."""
    if decision is None:
        return ""
    text = (decision.text or "").strip()
    if text and text.lower().startswith(organ.lower()):
        return text
    if text.lower().startswith("att "):
        return f"{organ} {_('beslutar')} {text}"
    phrase = OUTCOME_PHRASES.get(decision.outcome)
    if phrase is None:
        return text
    sentence = f"{organ} {_('beslutar')} {_(phrase)}."
    # A text that only repeats the rubrik (or says "Noteras.") adds nothing.
    if text and text.rstrip(".") not in ((item.title or "").rstrip("."), "Noteras"):
        sentence = f"{sentence} {text}"
    return sentence


def _vote(decision, organ: str) -> dict | None:
    votes = list(decision.votes.all()) if decision is not None else []
    if not votes:
        return None
    counts = {choice: sum(1 for v in votes if v.vote == choice) for choice in VoteChoice.values}
    result = _("Omröstningen utfaller med %(yes)d ja-röster mot %(no)d nej-röster.") % {
        "yes": counts["yes"], "no": counts["no"]}
    if counts["abstain"]:
        result += " " + _("%(n)d avstår från att rösta.") % {"n": counts["abstain"]}
    ties = []
    if decision.casting_vote_id:
        ties.append(_("Lika röstetal. Ordföranden %(name)s har utslagsröst.") % {"name": decision.casting_vote.name})
    if decision.lot:
        ties.append(_("Lika röstetal. Lotten avgör."))
    return {"rows": [(v.person.name, v.get_vote_display()) for v in votes], "counts": counts, "result": result,
            "ties": ties}


def _correction_ref(other_item, meeting) -> dict:
    return {"number": other_item.number, "title": other_item.title or "", "date": meeting.date,
            "meeting_id": meeting.external_id, "item_id": other_item.external_id}


def protokoll_context(meeting, *, public: bool = False) -> dict:
    """Everything the protokoll shows, in its order (see the module docstring)."""
    meeting = load(meeting)
    forbund = meeting.forbund
    minutes = getattr(meeting, "minutes", None)
    organ = organ_name()
    roles = officers(meeting)
    chair = chair_id(meeting)

    items = list(meeting.items.all())
    by_substitute: dict[int, dict] = {}
    for item in items:
        for s in item.substitutes.all():
            entry = by_substitute.setdefault(s.person_id, {"name": s.person.name, "numbers": [], "replaces": set()})
            entry["numbers"].append(item.number)
            if s.replaces_id:
                entry["replaces"].add(s.replaces.name)

    def remote(a):
        return f" ({_('på distans')})" if a.remote else ""

    ledamoter, serving, not_serving, others = [], [], [], []
    for a in meeting.attendance.all():
        name = a.person.name
        if a.capacity == Capacity.LEDAMOT:
            role = roles.get(a.person_id)
            label = _("ordförande") if a.person_id == chair else (
                _("vice ordförande") if role == MandateRole.VICE_ORDFORANDE else _("ledamot"))
            span = _serving_span(a)
            ledamoter.append((0 if a.person_id == chair else 1 if role else 2,
                              Line(name, f"{label}{remote(a)}{', ' + span if span else ''}")))
        elif a.capacity == Capacity.ERSATTARE and a.serving:
            span = _serving_span(a)
            note = _("tjänstgörande ersättare")
            if a.replaces_id:
                note += " " + _("för %(name)s") % {"name": a.replaces.name}
            serving.append(Line(name, f"{note}{', ' + span if span else ''}{remote(a)}"))
        elif a.capacity == Capacity.ERSATTARE:
            entry = by_substitute.get(a.person_id)
            if entry is None:
                not_serving.append(Line(name, remote(a).strip(" ()")))
        else:
            label = a.get_capacity_display() if a.capacity else _("övrig")
            others.append(Line(name, f"{str(label).lower()}{remote(a)}"))
    for entry in by_substitute.values():
        note = _("tjänstgörande ersättare %(sections)s") % {"sections": _sections(entry["numbers"])}
        if entry["replaces"]:
            note += " " + _("för %(name)s") % {"name": ", ".join(sorted(entry["replaces"]))}
        serving.append(Line(entry["name"], note))

    paragrafer = []
    for item in items:
        decision = getattr(item, "decision", None)
        motions, order = _motions(item)
        p = Paragraf(
            item=item, number=item.number, title=item.title or "", anchor=f"paragraf-{item.external_id}",
            dnr=item.matter.dnr if item.matter_id else "",
            presenter=item.presenter.name if item.presenter_id else "",
            proposal=item.proposal or "",
            recusals=[
                _("%(name)s anmäler jäv och deltar inte i handläggningen.") % {"name": r.person.name}
                + (f" ({r.reason})" if r.reason else "")
                for r in item.recused.all()
            ],
            substitutes=[
                (_("%(name)s tjänstgör i stället för %(other)s.") % {"name": s.person.name, "other": s.replaces.name}
                 if s.replaces_id else _("%(name)s tjänstgör som ersättare.") % {"name": s.person.name})
                for s in item.substitutes.all()
            ],
            motions=motions, order_of_questions=order,
            vote=_vote(decision, organ),
            decision=decision_text(item, decision, organ),
            reservations=[
                _("%(name)s reserverar sig mot beslutet.") % {"name": r.person.name}
                + (f" {r.reason}" if r.reason else "")
                for r in (decision.reservations.all() if decision is not None else [])
            ],
            notes=_notes(item), expedieras=_expedieras(item),
            corrects=[_correction_ref(c.corrects, c.corrects.meeting) for c in item.corrections.all()],
            corrected_by=[_correction_ref(c.item, c.item.meeting) for c in item.corrected_by.all()],
        )
        if item.kind == ItemKind.INFORMATION and not p.decision:
            p.decision = f"{organ} {_('beslutar')} {_(OUTCOME_PHRASES[Outcome.NOTED])}."
        paragrafer.append(p)

    adjusters = sorted((p for p in minutes.adjusters.all()), key=lambda p: p.name) if minutes else []
    chair_name = next((a.person.name for a in meeting.attendance.all() if a.person_id == chair), "")
    numbers = [p.number for p in paragrafer]
    return {
        "meeting": meeting, "forbund": forbund, "minutes": minutes, "organ": organ, "public": public,
        "title": protokoll_title(meeting), "kind": meeting.get_kind_display() if meeting.kind else "",
        "ledamoter": [line for _order, line in sorted(ledamoter, key=lambda t: (t[0], t[1].name))],
        "serving": serving, "not_serving": not_serving, "others": others,
        "chair_name": chair_name, "adjusters": [p.name for p in adjusters if p.pk != chair],
        "adjustment": _adjustment_time_and_place(meeting, minutes, forbund),
        "paragrafer": paragrafer, "sections": _sections(numbers), "lang": translation.get_language() or "sv",
    }


def protokoll_title(meeting) -> str:
    from samordna.web.templatetags.samordna import datum

    return _("Protokoll från styrelsens sammanträde %(date)s") % {"date": datum(meeting.date)}


# Output -----------------------------------------------------------------------------------------------

def render_protokoll_html(meeting, *, public: bool = False, links: bool = True, context: dict | None = None) -> str:
    """The protokoll as HTML (its sections and paragraphs, no page layout), for a page to include."""
    context = context or protokoll_context(meeting, public=public)
    return render_to_string(BODY_TEMPLATE, {**context, "links": links, "heading": 2})


def protokoll_html_source(meeting, *, context: dict | None = None) -> str:
    """The print HTML the PDF is made from (Swedish, whatever the request's language)."""
    with translation.override("sv"):
        if context is None or not str(context.get("lang", "")).startswith("sv"):
            context = protokoll_context(meeting)
        return pdf.html_source(PRINT_TEMPLATE, {**context, "links": False, "heading": 2}, title=context["title"],
                               lang="sv", created=context["meeting"].date, author=context["forbund"].name)


def protokoll_pdf(meeting) -> bytes:
    """The protokoll's PDF: the bytes the adjusters confirmed when the minutes were e-justerade, else
    rendered from the data (deterministic: the same data give the same bytes)."""
    from .services import adjusted_version

    version = adjusted_version(meeting)
    if version is not None and version.pdf:  # (imported versions carry their hash, not their bytes)
        return bytes(version.pdf)
    return pdf.pdf_from_html(protokoll_html_source(meeting))
