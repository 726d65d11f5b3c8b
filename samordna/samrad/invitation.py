"""A samråd's invitation and its notes: who receives them, what they say, the PDFs and the documents sent.

The invitation (a tagged PDF/A, samrad/invite_pdf.html) states the date, time, place, convener, the förbund
covered and the agenda; it goes with the samråd's documents: the non-secret diarium documents of the samråd's
own matters and of the covered förbund's annual report of the year before (with the audit report filed there)
and, for a samråd about the budget, the coming year's budget. Never a secret one: these are e-mails
(diarium/access.py). The notes (samrad/hold_notes_pdf.html) hold the participants, the notes per agenda
point and each member's statements; they go to every participant and every member's representatives.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from samordna.lib.pdf import render_pdf
from samordna.organisations.models import Member, Representative

from .models import ConsultationKind, Topic


def _covered(consultation):
    return list(consultation.forbund.order_by("name"))


def _date(value) -> str:
    return value.isoformat() if value else ""


def documents(consultation) -> list:
    """The documents that go with the invitation: non-secret, of a non-secret matter of the samråd, or of a
    covered förbund's annual report of the previous year or (a samråd on the budget) budget of the coming year."""
    from django.db.models import Q

    from samordna.diarium.models import Classification, Document

    year = consultation.date.year
    covered = [f.pk for f in _covered(consultation)]
    about = Q(matter__consultation=consultation) | Q(matter__annual_report__year=year - 1,
                                                    matter__annual_report__forbund_id__in=covered)
    budget_topic = consultation.agenda.filter(topic=Topic.BUDGET).exists()
    if consultation.kind == ConsultationKind.BUDGET or budget_topic:
        about |= Q(matter__budget__year__in=[year, year + 1], matter__budget__forbund_id__in=covered)
    return list(Document.objects.filter(about, forbund_id__in=covered, matter__secret=False)
                .exclude(classification=Classification.SECRET).select_related("matter").order_by("matter__dnr", "title"))


def _file(document) -> tuple[str, bytes, str]:
    with document.file.open("rb") as handle:
        return document.original_name, handle.read(), document.content_type


def context(consultation) -> dict:
    return {
        "c": consultation, "covered": _covered(consultation),
        "agenda": list(consultation.agenda.order_by("position")),
        "documents": documents(consultation),
    }


def subject(consultation) -> str:
    return _("Inbjudan till %(kind)s %(date)s") % {"kind": consultation.get_kind_display().lower(),
                                                   "date": _date(consultation.date)}


def text(consultation) -> str:
    ctx = context(consultation)
    lines = [subject(consultation), ""]
    lines.append(_("Förbund: %(names)s") % {"names": ", ".join(f.name for f in ctx["covered"])})
    when = _date(consultation.date)
    if consultation.start_time:
        when += " " + _("klockan %(time)s") % {"time": consultation.start_time.strftime("%H.%M")}
    lines.append(_("Datum: %(when)s") % {"when": when})
    lines.append(_("Plats: %(place)s") % {"place": consultation.place or _("meddelas senare")})
    if consultation.convener_person_id:
        lines.append(_("Sammankallande: %(name)s") % {"name": consultation.convener_person.name})
    lines += ["", _("Dagordning")]
    lines += [f"{n}. {item}" for n, item in enumerate(ctx["agenda"], start=1)]
    if ctx["documents"]:
        lines += ["", _("Bifogade handlingar")] + [f"- {d.title}" for d in ctx["documents"]]
    lines += ["", _("Inbjudan finns som PDF i bilagan. Svara sammankallande eller förbundet om du kommer."),
              _("Ett samråd är en dialog mellan medlemmarna och förbundet och fattar inga beslut.")]
    return "\n".join(lines) + "\n"


def filename(consultation) -> str:
    return f"inbjudan-{consultation.external_id}.pdf"


def pdf(consultation, *, day) -> bytes:
    """The invitation as a tagged PDF/A (the same data and day give the same bytes)."""
    return render_pdf("samrad/invite_pdf.html", context(consultation), title=subject(consultation), created=day,
                      author=", ".join(f.name for f in _covered(consultation)))


def attachments(consultation, *, day) -> list[tuple[str, bytes, str]]:
    return [(filename(consultation), pdf(consultation, day=day), "application/pdf"),
            *[_file(d) for d in documents(consultation)]]


# The notes --------------------------------------------------------------------------------------------------

def notes_recipients(consultation) -> list:
    """Every participant and every representative (on the samråd's date) of a member of a covered förbund, once."""
    day = consultation.date
    found = {p.person.pk: p.person for p in consultation.participants.select_related("person")}
    members = Member.objects.filter(forbund__in=consultation.forbund.all()).active_on(day)
    for rep in Representative.objects.filter(member__in=members).select_related("person"):
        if rep.active_on(day):
            found.setdefault(rep.person.pk, rep.person)
    return sorted(found.values(), key=lambda p: (p.name, p.pk))


def notes_context(consultation) -> dict:
    participants = list(consultation.participants.select_related("person", "represents", "for_forbund")
                        .order_by("person__name"))
    return {
        "c": consultation, "covered": _covered(consultation),
        "agenda": list(consultation.agenda.order_by("position")),
        "came": [p for p in participants if p.attended],
        "absent": [p for p in participants if not p.attended],
        "statements": list(consultation.statements.select_related("member__forbund").order_by("member__forbund__name",
                                                                                               "member__name")),
        "documents": documents(consultation),
    }


def notes_subject(consultation) -> str:
    return _("Anteckningar från %(kind)s %(date)s") % {"kind": consultation.get_kind_display().lower(),
                                                      "date": _date(consultation.date)}


def notes_text(consultation) -> str:
    return "\n".join([
        notes_subject(consultation), "",
        _("Anteckningarna från samrådet finns som PDF i bilagan."),
        _("Ett samråd är en dialog mellan medlemmarna och förbundet och fattar inga beslut."),
    ]) + "\n"


def notes_filename(consultation) -> str:
    return f"anteckningar-{consultation.external_id}.pdf"


def notes_pdf(consultation, *, day) -> bytes:
    return render_pdf("samrad/hold_notes_pdf.html", notes_context(consultation), title=notes_subject(consultation),
                      created=day, author=", ".join(f.name for f in _covered(consultation)))
