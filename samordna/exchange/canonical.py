"""The canonical form of a samordna-exchange/1 document, used for export and round-trip comparison.

Rules (applied by `canonical()`, which is idempotent and does not change its argument):
- Keys of every object come in the order of schema.json's `properties`, `extra` last; the top level is
  format, persons, forbund, consultations. Keys the schema does not know are kept, sorted, after those.
- Every list-valued field is always present as a list, possibly empty (null or absent -> []), except the
  optional, additive lists (schema.json `"x-additive": true`: matters, documents, motions, notes, versions,
  confirmations; docs/exchange.md), which are omitted when empty, so older documents keep their form.
- Optional scalar fields are omitted when null; so are empty optional strings ("") and booleans that are
  false (an absent flag means false: remote, serving, lot, personnel_or_election, major).
- An optional nested object (minutes, decision, audit, allocations, participants, response, convener) is
  omitted when it is null or holds nothing but empty lists; `extra` and `outcomes` are omitted when null
  or {} (`extra` is kept exactly as given otherwise; `outcomes` keys are sorted).
- `statutes` is always present with all five keys, defaults filled in (`equity_ceiling` null when absent
  or empty, else its steps sorted by `up_to`, the open-ended step last).
- `appointed_by` of a mandate: one member -> a string, several -> a list in member order, none -> omitted.
- Sorting: persons, förbund, insatser, remarks by id; consultations by (date, id); members by kind
  (forsakringskassan, arbetsformedlingen, region, kommun) then id, which is also "member order"; lists of
  member ids (parties, concerns, recipients, delivered_to, appointed_by) and entries keyed by a member
  (contributions, consulted, anchoring, discharge) in member order; mandates by (role in enumeration order,
  appointed_by, person, from); meetings and notices by (date, id); items by (number, id); attendance by
  (capacity, person); recused, substitutes, votes, reservations by person; adjusters and a consultation's
  förbund by id; funding by (year, decided_in); reports by (date, kind); budgets and annual reports by
  year; matters by (year, serial); documents by (registered, matter, filename, sha256); motions by (order,
  put_order, person); notes by (person, text); versions by number; confirmations by (version, confirmed,
  person); participants representatives first (in member order across the document's förbund, sorted by id),
  then delegates by (for_forbund, person).
  Agenda and decisions keep their order (it is meaningful). Ties are broken by the entry's JSON text.
"""

import functools
import json
from typing import Any

from samordna.exchange.validate import FORMAT, schema

STATUTE_DEFAULTS = {
    "board_term_start": "01-01",
    "notice_days": 7,
    "adjust_within_days": 14,
    "report_interval_months": 4,
    "equity_ceiling": None,
}
MEMBER_KINDS = ("forsakringskassan", "arbetsformedlingen", "region", "kommun")
ROLES = ("ledamot", "ersattare", "ordforande", "vice_ordforande", "forbundschef", "revisor")
CAPACITIES = ("ledamot", "ersattare", "forbundschef", "sekreterare", "other")
_MEMBER_ID_LISTS = {"parties", "concerns", "recipients", "delivered_to"}
_ROOT = "$root"


def _rank(order: tuple[str, ...], value: Any) -> int:
    return order.index(value) if value in order else len(order)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@functools.cache
def _layout() -> dict[str, list[tuple[str, str, str | None, bool]]]:
    """Per object definition: (field, shape, target definition, required) in schema order."""
    defs = dict(schema()["$defs"])
    defs[_ROOT] = schema()
    out = {}
    for name, definition in defs.items():
        required = set(definition.get("required", ()))
        fields = []
        for field, spec in definition["properties"].items():
            types = spec.get("type", [])
            types = [types] if isinstance(types, str) else types
            target = None
            if field == "extra":
                shape = "extra"
            elif field == "appointed_by" and name == "mandate":
                shape = "appointed_by"
            elif "$ref" in spec:
                shape, target = "object", spec["$ref"].rsplit("/", 1)[1]
            elif "array" in types and "$ref" in spec.get("items", {}):
                shape, target = "objects", spec["items"]["$ref"].rsplit("/", 1)[1]
                if spec.get("x-additive"):
                    shape = "additive"
            elif "array" in types:
                shape = "values"
            elif "object" in types:
                shape = "map"
            elif types and types[0] == "boolean":
                shape = "flag"
            else:
                shape = "scalar"
            fields.append((field, shape, target, field in required))
        out[name] = fields
    return out


class _Context:
    """What sorting needs to know about the förbund being canonicalised: member order."""

    def __init__(self, members: list[dict] | None = None):
        self.member_rank: dict[str, int] = {}
        for position, member in enumerate(members or []):
            self.member_rank.setdefault(member.get("id"), position)

    def member(self, member_id: Any) -> tuple[int, str]:
        return (self.member_rank.get(member_id, len(self.member_rank)), _text(member_id))


def _sort_key(name: str, entry: Any, ctx: _Context) -> tuple:
    """The sort key of one entry of a list of `name` objects (None means keep the order)."""
    g = entry.get
    if name in ("person", "forbund", "insats", "remark"):
        return (g("id"),)
    if name in ("consultation", "meeting", "notice"):
        return (_text(g("date")), g("id"))
    if name == "member":
        return (_rank(MEMBER_KINDS, g("kind")), g("id"))
    if name == "mandate":
        appointed = g("appointed_by")
        appointed = [appointed] if isinstance(appointed, str) else appointed or []
        return (_rank(ROLES, g("role")), [ctx.member(m) for m in appointed], g("person"), g("from"))
    if name == "item":
        number = g("number")
        return (number is None, number or 0, g("id"))
    if name == "attendance":
        return (_rank(CAPACITIES, g("capacity")), g("person"))
    if name in ("recusal", "substitute", "vote", "reservation"):
        return (g("person"), _text(g("replaces")))
    if name in ("anchoring", "contribution", "consulted", "discharge"):
        return (ctx.member(g("member")), _text(g("date")))
    if name == "funding":
        return (g("year"), _text(g("decided_in")))
    if name == "report":
        return (g("date"), _text(g("kind")))
    if name in ("budget", "annual_report"):
        return (g("year"),)
    if name == "participant":
        represents = g("represents")
        return (represents is None, ctx.member(represents), _text(g("for_forbund")), g("person"))
    if name == "matter":
        return (g("year") or 0, g("serial") or 0, _text(g("id")))
    if name == "document":
        return (_text(g("registered")), _text(g("matter")), _text(g("filename")), _text(g("sha256")))
    if name == "motion":
        return (g("order") or 0, g("put_order") is None, g("put_order") or 0, _text(g("person")))
    if name == "note":
        return (_text(g("person")), _text(g("text")))
    if name == "protocol_version":
        return (g("number") or 0,)
    if name == "confirmation":
        return (g("version") or 0, _text(g("confirmed")), _text(g("person")))
    if name == "equity_step":
        return (g("up_to") is None, g("up_to") or 0, g("percent") or 0)
    return ()


_KEEP_ORDER = {"agenda_item"}


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _object(name: str, value: dict, ctx: _Context) -> dict:
    if name == "forbund":
        members = [_object("member", m, ctx) for m in value.get("members") or [] if isinstance(m, dict)]
        members.sort(key=lambda m: (_sort_key("member", m, ctx), _dump(m)))
        ctx = _Context(members)
    out: dict[str, Any] = {}
    known = set()
    for field, shape, target, required in _layout()[name]:
        known.add(field)
        raw = value.get(field)
        if shape == "objects":
            if name == _ROOT and field == "consultations":
                # participants are sorted in member order across all förbund of the document
                ctx = _Context([m for f in out.get("forbund", []) for m in f["members"]])
            out[field] = _list(target, raw or [], ctx)
        elif shape == "additive":
            if raw:
                out[field] = _list(target, raw, ctx)
        elif shape == "values":
            items = list(raw or [])
            if name == "consultation" and field == "decisions":
                pass
            elif field in _MEMBER_ID_LISTS:
                items.sort(key=ctx.member)
            else:
                items.sort(key=_text)
            out[field] = items
        elif shape == "appointed_by":
            items = [raw] if isinstance(raw, str) else list(raw or [])
            items.sort(key=ctx.member)
            if len(items) == 1:
                out[field] = items[0]
            elif items:
                out[field] = items
        elif shape == "object":
            if name == "forbund" and field == "statutes":
                out[field] = _statutes(raw or {}, ctx)
            elif isinstance(raw, dict):
                nested = _object(target, raw, ctx)
                if required or any(not _is_empty(v) for v in nested.values()):
                    out[field] = nested
        elif shape == "map":
            if isinstance(raw, dict) and raw:
                out[field] = raw if field == "extra" else {k: raw[k] for k in sorted(raw)}
        elif shape == "extra":
            if isinstance(raw, dict) and raw:
                out[field] = raw
        elif shape == "flag":
            if raw or required:
                out[field] = raw
        elif required or not (raw is None or raw == ""):
            out[field] = raw
    for field in sorted(k for k in value if k not in known):
        out[field] = value[field]
    if "extra" in out:
        out["extra"] = out.pop("extra")
    return out


def _statutes(raw: dict, ctx: _Context) -> dict:
    out = _object("statutes", raw, ctx)
    full = {}
    for key, default in STATUTE_DEFAULTS.items():
        value = out.pop(key, None)
        full[key] = default if value in (None, []) else value
    full.update(out)
    return full


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _list(name: str, items: list, ctx: _Context) -> list:
    canon = [_object(name, item, ctx) if isinstance(item, dict) else item for item in items]
    if name in _KEEP_ORDER:
        return canon
    return sorted(canon, key=lambda entry: (_sort_key(name, entry, ctx), _dump(entry)))


def canonical(doc: dict) -> dict:
    """The canonical form of a (valid) document: see the module docstring for the rules."""
    out = _object(_ROOT, doc, _Context())
    if out.get("format") is None:
        out["format"] = FORMAT
    return out
