"""The meeting as it is held (genomförande): attendance, serving ersättare, jäv, yrkanden,
propositionsordning, votes, reservations, protokollsanteckningar, decisions and omedelbar justering.

The page is read from one export of the meeting (`exporter.export_meeting`) and the rule engine's state of
it (`rules.meetings.meeting_state`): quorum, the voting members, the majority needed and what a vote
decides are computed by the same functions the rule findings use, with a fixed number of queries whatever
the number of items. Each form is a plain POST to the page (`action` names it) that calls one service of
the Conduct block in services.py; a DomainError is shown at its form. The office edits; the board reads.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.services import DomainError
from samordna.organisations.models import Person

from . import services
from .models import Capacity, Decision, Item, Meeting, Motion, Outcome, Presence, Recusal, VoteChoice

ROLE_LABELS = {"ledamot": gettext_lazy("Ledamot"), "ersattare": gettext_lazy("Ersättare"),
               "forbundschef": gettext_lazy("Förbundschef")}


def _page_url(forbund, meeting, anchor: str = "") -> str:
    path = reverse("meeting-conduct", kwargs={"slug": forbund.slug, "subject_id": meeting.external_id})
    return f"{path}#{anchor}" if anchor else path


class _Bad(Exception):
    """A form value that names nothing on the page (a tampered or stale form)."""


def _person(request, state, name: str, *, required: bool = True, any_of_forbund=None):
    value = (request.POST.get(name) or "").strip()
    if not value:
        if required:
            raise DomainError(_("Välj en person."), field=name)
        return None
    known = value in state.ctx.index.persons
    if not known and any_of_forbund is not None:
        known = Person.objects.of_forbund(any_of_forbund).filter(external_id=value).exists()
    if not known:
        raise DomainError(_("Personen finns inte bland sammanträdets personer."), field=name)
    return Person.objects.get(external_id=value)


def _item(meeting, request) -> Item:
    value = request.POST.get("item") or ""
    found = Item.objects.filter(meeting=meeting, external_id=value).select_related("meeting").first()
    if found is None:
        raise _Bad
    return found


def _decision(item) -> Decision:
    decision = Decision.objects.filter(item=item).first()
    if decision is None:
        raise DomainError(_("Beslutet är inte fattat ännu."), field="person")
    return decision


def _handle(request, forbund, meeting, state):
    """Run the service the posted form names; returns (success message, anchor)."""
    action, user = request.POST.get("action", ""), request.user
    post = request.POST
    if action == "attendance":
        person = _person(request, state, "person", any_of_forbund=forbund)
        capacity = post.get("capacity") or None
        services.record_attendance(meeting, person, post.get("presence", ""), user=user, capacity=capacity,
                                   arrives_at_item=post.get("arrives_at_item"),
                                   leaves_at_item=post.get("leaves_at_item"))
        return _("Närvaron för %(name)s är sparad.") % {"name": person.name}, "narvaro"
    if action == "serving":
        person = _person(request, state, "person")
        row = meeting.attendance.filter(person=person).first()
        if row is None:
            raise DomainError(_("Registrera först att %(name)s är närvarande.") % {"name": person.name},
                              field="replaces")
        replaces = _person(request, state, "replaces", required=False)
        services.set_serving(row, replaces, post.get("serving_from_item"), post.get("serving_to_item"), user=user)
        return _("Tjänstgöringen för %(name)s är sparad.") % {"name": person.name}, "narvaro"
    item = _item(meeting, request)
    anchor = f"paragraf-{item.external_id}"
    if action == "recusal":
        person = _person(request, state, "person")
        deputy = _person(request, state, "deputy", required=False)
        services.add_recusal(item, person, post.get("reason", "").strip(), deputy, user=user)
        return _("Jävet för %(name)s är antecknat.") % {"name": person.name}, anchor
    if action == "recusal_remove":
        recusal = Recusal.objects.filter(item=item, person__external_id=post.get("person") or "").first()
        if recusal is None:
            raise _Bad
        services.remove_recusal(recusal, user=user)
        return _("Jävet är borttaget."), anchor
    if action == "motion":
        person = _person(request, state, "person")
        services.add_motion(item, person, post.get("text", ""), user=user)
        return _("Yrkandet är antecknat."), anchor
    if action == "motion_withdraw":
        motion = Motion.objects.filter(item=item, pk=post.get("motion") or 0).first()
        if motion is None:
            raise _Bad
        services.withdraw_motion(motion, user=user)
        return _("Yrkandet är återtaget."), anchor
    if action == "order":
        placed = []
        for motion in Motion.objects.filter(item=item, withdrawn=False):
            value = (post.get(f"put-{motion.pk}") or "").strip()
            if value:
                if not value.isdigit():
                    raise DomainError(_("Ange ordningen som ett heltal."), field="order")
                placed.append((int(value), motion.order, motion))
        services.set_proposition_order(item, [m for _n, _o, m in sorted(placed, key=lambda t: t[:2])], user=user)
        return _("Propositionsordningen är sparad."), anchor
    if action == "votes":
        votes = {}
        for person_id in sorted(state.items[item.external_id].voters):
            choice = post.get(f"vote-{person_id}") or ""
            if choice:
                votes[Person.objects.get(external_id=person_id)] = choice
        services.record_votes(item, votes, lot=post.get("lot") or None, user=user)
        return _("Voteringen är protokollförd."), anchor
    if action == "reservation":
        person = _person(request, state, "person")
        services.add_reservation(_decision(item), person, post.get("reason", ""), user=user)
        return _("Reservationen är antecknad."), anchor
    if action == "note":
        person = _person(request, state, "person", required=False)
        services.add_note(item, person, post.get("text", ""), user=user)
        return _("Protokollsanteckningen är antecknad."), anchor
    if action == "decide":
        services.decide(item, post.get("outcome", ""), post.get("text", ""), user=user,
                        sent_to=post.get("sent_to", ""))
        return _("Beslutet är protokollfört."), anchor
    if action == "oj":
        services.mark_immediate_adjust(item, post.get("immediate_adjust") == "on", user=user)
        return _("Omedelbar justering är sparad."), anchor
    raise _Bad


def _queryset():
    return Meeting.objects.select_related("minutes")


@forbund_view(Cap.VIEW_INTERNAL)
@require_http_methods(["GET", "POST"])
def meeting_conduct(request, forbund, subject_id):
    meeting = scoped_get(_queryset(), forbund, external_id=subject_id)
    editable = request.forbund_ctx.can(Cap.MANAGE)
    error = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        state = services.meeting_state(meeting)
        try:
            text, anchor = _handle(request, forbund, meeting, state)
        except _Bad:
            error = {"form": request.POST.get("action", ""), "item": request.POST.get("item", ""),
                     "message": _("Formuläret hör inte till sammanträdet. Ladda om sidan och försök igen."),
                     "field": None}
        except DomainError as failure:
            error = {"form": request.POST.get("action", ""), "item": request.POST.get("item", ""),
                     "message": failure.message, "field": failure.field}
        else:
            messages.success(request, text)
            return HttpResponseRedirect(_page_url(forbund, meeting, anchor))
    return render(request, "meetings/conduct.html", _context(request, forbund, meeting, editable, error),
                  status=400 if error else 200)


def _context(request, forbund, meeting, editable, error):
    state = services.meeting_state(meeting)
    ctx, board, raw = state.ctx, state.board, state.meeting.raw
    name = ctx.person_name
    rows = {row["person"]: row for row in raw.get("attendance") or []}

    def person_row(person_id, role, member=None, order=None):
        row = rows.get(person_id) or {}
        return {"id": person_id, "name": name(person_id), "role": role, "role_label": ROLE_LABELS.get(role, ""),
                "member": ctx.member_name(member) if member else "", "order": order, "row": row,
                "presence": row.get("presence") or ("remote" if row.get("remote") else "present") if row else "",
                "replaces_name": name(row["replaces"]) if row.get("replaces") else ""}

    people, listed = [], set()
    members = sorted(ctx.active_members(meeting.date), key=lambda m: (
        ("forsakringskassan", "arbetsformedlingen", "region", "kommun").index(m.get("kind"))
        if m.get("kind") in ("forsakringskassan", "arbetsformedlingen", "region", "kommun") else 9,
        m.get("name") or ""))
    for member in members:
        group = []
        for mandate in board.of_member("ledamot", member["id"]):
            group.append(person_row(mandate.person, "ledamot", member["id"]))
        deputies = sorted(board.of_member("ersattare", member["id"]),
                          key=lambda m: (m.order if m.order is not None else 1 << 30, name(m.person)))
        for mandate in deputies:
            group.append(person_row(mandate.person, "ersattare", member["id"], mandate.order))
        for entry in group:
            if entry["id"] not in listed:
                listed.add(entry["id"])
                people.append(entry)
    for mandate in board.role("forbundschef"):
        if mandate.person not in listed:
            listed.add(mandate.person)
            people.append(person_row(mandate.person, "forbundschef"))
    others = [person_row(p, rows[p].get("capacity") or "other") for p in sorted(rows, key=name) if p not in listed]
    for entry in others:
        entry["role_label"] = dict(Capacity.choices).get(entry["role"], "")
    present = [p for p in (*people, *others) if p["row"] and p["presence"] != Presence.ABSENT]
    ledamot_choices = [(m.person, name(m.person)) for m in sorted(board.role("ledamot"), key=lambda m: name(m.person))]

    chair = board.chair
    items = []
    for item in sorted(raw.get("items") or [], key=lambda i: (i.get("number") is None, i.get("number") or 0)):
        item_state = state.items[item["id"]]
        decision = item.get("decision") or {}
        voters = sorted(item_state.voters, key=name)
        votes = {v["person"]: v["vote"] for v in decision.get("votes") or []}
        recused = {r["person"] for r in item.get("recused") or []}
        motions = sorted(item.get("motions") or [], key=lambda m: m["order"])
        items.append({
            "id": item["id"], "number": item.get("number"), "title": item.get("title") or "",
            "kind": item.get("kind"), "state": item_state,
            "voters": [{"id": p, "name": name(p), "vote": votes.get(p, ""), "chair": p == chair} for p in voters],
            "recused": [{"id": r["person"], "name": name(r["person"]), "reason": r.get("reason") or ""}
                        for r in item.get("recused") or []],
            "substitutes": [{"name": name(s["person"]), "replaces": name(s.get("replaces"))}
                            for s in item.get("substitutes") or []],
            "present_choices": [(p["id"], p["name"]) for p in present if p["id"] not in recused],
            "deputy_choices": [(p["id"], p["name"]) for p in present if p["role"] == "ersattare"
                               and p["id"] not in item_state.voters],
            "motions": [{**m, "name": name(m["person"])} for m in motions],
            "open_motions": [m for m in motions if not m["withdrawn"]],
            "put": sorted([m for m in motions if m.get("put_order")], key=lambda m: m["put_order"]),
            "decision": decision, "outcome_label": dict(Outcome.choices).get(decision.get("outcome"), ""),
            "reservations": [{"name": name(r["person"]), "reason": r.get("reason") or ""}
                             for r in decision.get("reservations") or []],
            "notes": [{"name": name(n.get("person")) if n.get("person") else "", "text": n["text"]}
                      for n in item.get("notes") or []],
            "immediate_adjust": bool(item.get("immediate_adjust")), "sent_to": item.get("sent_to") or "",
            "casting_vote": name(decision["casting_vote"]) if decision.get("casting_vote") else "",
            "error": error if error and error.get("item") == item["id"] else None,
        })
    proposals = [{"ledamot": name(p.ledamot), "member": ctx.member_name(p.member) if p.member else "",
                  "candidates": [(c, name(c)) for c in p.candidates], "served_by": [name(c) for c in p.served_by],
                  "ledamot_id": p.ledamot} for p in state.proposals if rows]  # once attendance is being taken
    other_persons = []
    if editable:
        other_persons = list(Person.objects.of_forbund(forbund).exclude(external_id__in=listed)
                             .order_by("name").values_list("external_id", "name"))
    minutes = getattr(meeting, "minutes", None)
    frozen = bool(minutes and minutes.adjusted)
    return {
        "forbund": forbund, "meeting": meeting, "people": people, "others": others, "items": items,
        "seats": board.seats, "chair": name(chair) if chair else "", "proposals": proposals,
        "editable": editable and not frozen, "frozen": frozen, "error": error,
        "presence_choices": Presence.choices, "capacity_choices": Capacity.choices,
        "vote_choices": VoteChoice.choices, "outcome_choices": Outcome.choices,
        "ledamot_choices": ledamot_choices, "other_persons": other_persons,
        "present": present,
    }

