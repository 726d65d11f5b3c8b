"""Validation of samordna-exchange/1 documents, as problems: structure (JSON Schema), references, and the
consistency that the database requires (date pairs in order, fields only for some roles, nothing listed twice).

Everything about the document alone is checked here, so `samordna check --file` refuses what `samordna import`
refuses; the importer adds only what needs the database (ids of other förbund, the insats direction lock) and the
limits of its columns (lengths, integer ranges; `importer.document_problems` gives both for `check --file`).

Before anything else, a document is held against what no part of the system can take: nesting deeper than the
format needs (`MAX_DEPTH`, from the schema), and strings (values or keys) with a NUL character (PostgreSQL
refuses it) or a lone surrogate (no UTF-8 can carry it). These checks are iterative, so no document can exhaust
Python's recursion limit here or later.
"""

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import extend

from samordna.exchange import reference

SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"
FORMAT = "samordna-exchange/1"

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_DAY_RE = re.compile(r"\d{2}-\d{2}")
# A UTC time (the justering's): 2026-03-20T09:15:00Z, with optional fractions of a second.
_DATE_TIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z")
_TIME_RE = re.compile(r"(\d{2}):(\d{2})(:(\d{2}))?")
# Fields whose integers are amounts of money (for a friendlier message).
_KRONOR_FIELDS = {"amount", "equity", "insatser", "administration", "up_to"}
_TYPE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}

Parts = tuple[str | int, ...]

# Characters no column can hold: NUL (PostgreSQL refuses it in text and jsonb) and lone surrogates (no UTF-8
# encoding). JSON parsing joins a valid pair (\ud83d\ude00) into one character, so any code point left in
# U+D800–U+DFFF is a lone one.
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
# How deep the free JSON of `extra` may nest below the deepest object of the format's structure.
EXTRA_DEPTH = 16


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a document, at a path such as `forbund[0].members[3].kind`."""

    path: str
    value: Any
    message: str
    show_value: bool = True

    def __str__(self) -> str:
        if self.show_value:
            return f"{self.path}: {self.value!r} {self.message}"
        return f"{self.path}: {self.message}"


class DocumentError(Exception):
    """A document that cannot be read or is invalid; carries the list of problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _escaped(text: str) -> str:
    """A NUL or a lone surrogate written as its escape, so that a key holding one can still be printed."""
    return _BAD_CHARACTER.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def format_path(parts: Parts) -> str:
    """Render path parts as `forbund[0].members[3].kind` (the root is `$`)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = _escaped(part)
            out += f".{part}" if out else part
    return out or "$"


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_month_day(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _MONTH_DAY_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat("2000-" + value)  # a leap year, so 02-29 is allowed
    except ValueError:
        return False
    return True


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    found = _DATE_TIME_RE.fullmatch(value)
    return bool(found) and _is_date(found.group(1)) and int(found.group(2)) < 24 and int(found.group(3)) < 60 \
        and int(found.group(4)) < 60


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    found = _TIME_RE.fullmatch(value)
    return bool(found) and int(found.group(1)) < 24 and int(found.group(2)) < 60 and int(found.group(4) or 0) < 60


@functools.cache
def schema() -> dict:
    """The JSON Schema of the format (samordna/exchange/schema.json)."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def _validator() -> Draft202012Validator:
    # jsonschema's "integer" accepts 1.0; amounts must be JSON integers, so floats are refused here.
    type_checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    cls = extend(Draft202012Validator, type_checker=type_checker)
    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("month-day")(_is_month_day)
    checker.checks("date-time")(_is_date_time)
    checker.checks("time")(_is_time)
    return cls(schema(), format_checker=checker)


def _schema_depth(node: Any, defs: dict, seen: frozenset = frozenset()) -> int:
    """How many objects and lists deep the structure of a (sub)schema goes; a free object counts one."""
    if not isinstance(node, dict):
        return 0
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    below = [_schema_depth(sub, defs, seen) for sub in node.get("properties", {}).values()]
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):  # a definition gives the properties, not the type
        name = ref.removeprefix("#/$defs/")
        if name in seen:  # pragma: no cover - the format has no recursive definitions
            raise ValueError(f"recursive schema definition {name!r}")
        below.append(_schema_depth(defs[name], defs, seen | {name}))
    below += [_schema_depth(node[key], defs, seen) for key in ("items", "additionalProperties") if key in node]
    own = 1 if ("object" in types or "array" in types) else 0
    return own + max(below, default=0)


@functools.cache
def max_depth() -> int:
    """The deepest nesting of objects and lists a document may have: the deepest the schema's structure goes,
    and `EXTRA_DEPTH` more for the free JSON of an `extra`. The national data set nests 9 deep."""
    return _schema_depth(schema(), schema()["$defs"]) + EXTRA_DEPTH


def _depth_message() -> str:
    return f"is nested deeper than the format allows ({max_depth()} levels of objects and lists)"


def _scan(doc: Any) -> tuple[bool, bool]:
    """(nested too deep, holds a bad character): one pass, level by level, without recursion."""
    level, depth, strings = [doc], 0, []
    if isinstance(doc, str):
        strings.append(doc)
    limit = max_depth()
    while level and depth < limit:
        depth += 1
        below = []
        for node in level:
            if isinstance(node, dict):
                strings.extend(node)
                values: Any = node.values()
            elif isinstance(node, list):
                values = node
            else:
                continue
            for value in values:
                if isinstance(value, str):
                    strings.append(value)
                elif isinstance(value, (dict, list)):
                    below.append(value)
        level = below
    return bool(level), _BAD_CHARACTER.search("".join(strings)) is not None


def _walk(doc: Any) -> Iterator[tuple[Parts, Any, str | None]]:
    """Every node in document order as (path, value, key): key is set for the keys of an object (value is
    then the object). Iterative, so it is safe at any depth."""
    stack: list[tuple[Parts, Any]] = [((), doc)]
    while stack:
        parts, node = stack.pop()
        yield parts, node, None
        if isinstance(node, dict):
            for key in node:
                yield parts, node, key
            stack.extend(((*parts, key), value) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*parts, i), value) for i, value in reversed(list(enumerate(node))))


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _character_message(text: str) -> str:
    found = _BAD_CHARACTER.search(text)
    assert found is not None
    if found.group() == "\x00":
        return "contains a NUL character (\\u0000), which the database cannot store"
    return f"contains a lone surrogate (\\u{ord(found.group()):04x}), which is no character of UTF-8"


def _safety_problems(doc: Any) -> tuple[bool, list[tuple[Parts, Problem]]]:
    """(too deep, problems): the nesting and the characters no column can hold."""
    deep, bad = _scan(doc)
    found: list[tuple[Parts, Problem]] = []
    if deep:
        limit = max_depth()
        for parts, node, key in _walk(doc):
            if key is None and isinstance(node, (dict, list)) and len(parts) >= limit:
                found.append((parts, Problem(format_path(parts), None, _depth_message(), show_value=False)))
                break
        return True, found
    if bad:
        for parts, node, key in _walk(doc):
            if key is not None:
                if _BAD_CHARACTER.search(key):
                    message = f"{_shown(key)} is a key that {_character_message(key)}"
                    found.append(((*parts, key), Problem(format_path(parts), key, message, show_value=False)))
            elif isinstance(node, str) and _BAD_CHARACTER.search(node):
                message = f"{_shown(node)} {_character_message(node)}"
                found.append((parts, Problem(format_path(parts), node, message, show_value=False)))
    return False, found


def _type_message(parts: Parts, expected: Any, subschema: dict) -> str:
    types = [expected] if isinstance(expected, str) else [t for t in expected if t != "null"]
    field = next((p for p in reversed(parts) if isinstance(p, str)), "")
    if subschema.get("format") == "date":
        return "is not a real date (YYYY-MM-DD)"
    if types == ["integer"]:
        return "is not a whole number of kronor" if field in _KRONOR_FIELDS else "is not a whole number"
    return "is not " + " or ".join(_TYPE_WORDS.get(t, t) for t in types)


def _schema_problems(doc: Any) -> Iterator[tuple[Parts, Problem]]:
    seen: set[tuple[Parts, str]] = set()
    for error in _validator().iter_errors(doc):
        parts: Parts = tuple(error.absolute_path)
        path = format_path(parts)
        kind, value, rule = error.validator, error.instance, error.validator_value
        if kind == "required":
            for name in rule:
                if isinstance(value, dict) and name not in value and (parts, name) not in seen:
                    seen.add((parts, name))
                    yield parts, Problem(path, None, f"{name!r} is required", show_value=False)
        elif kind == "additionalProperties":
            known = error.schema.get("properties", {})
            for name in value:
                if name not in known and (parts, name) not in seen:
                    seen.add((parts, name))
                    sub = (*parts, name)
                    yield sub, Problem(format_path(sub), value[name], "unknown field", show_value=False)
        elif kind == "type":
            yield parts, Problem(path, value, _type_message(parts, rule, error.schema))
        elif kind == "enum":
            choices = ", ".join(str(choice) for choice in rule if choice is not None)
            yield parts, Problem(path, value, f"is not one of {choices}")
        elif kind == "const":
            yield parts, Problem(path, value, f"is not {rule} (the only format this version reads)")
        elif kind == "format":
            if rule == "date":
                yield parts, Problem(path, value, "is not a real date (YYYY-MM-DD)")
            elif rule == "date-time":
                yield parts, Problem(path, value, "is not a real UTC time (YYYY-MM-DDTHH:MM:SSZ)")
            elif rule == "time":
                yield parts, Problem(path, value, "is not a real time of day (HH:MM)")
            else:
                yield parts, Problem(path, value, "is not a real month and day (MM-DD)")
        elif kind == "minimum":
            yield parts, Problem(path, value, f"is less than the minimum {rule}")
        elif kind == "maximum":
            yield parts, Problem(path, value, f"is more than the maximum {rule}")
        elif kind == "minLength":
            yield parts, Problem(path, value, "is empty")
        elif kind == "pattern":
            yield parts, Problem(path, value, "is not a SHA-256 (64 lowercase hexadecimal digits)")
        else:  # pragma: no cover - the schema uses no other keywords
            yield parts, Problem(path, value, error.message)


def _objects(node: Any, key: str) -> list[tuple[int, dict]]:
    """The (index, object) pairs of a list-valued field, skipping anything malformed."""
    items = node.get(key) if isinstance(node, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _strings(node: Any, key: str) -> list[tuple[int, str]]:
    items = node.get(key) if isinstance(node, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, str)]


def _sub(node: Any, key: str) -> dict | None:
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, dict) else None


def _real_date(value: Any) -> bool:
    """A well-formed date string (malformed ones are the schema's problem, not compared here)."""
    return isinstance(value, str) and _is_date(value)


# Fields of a mandate that only some roles have (and the database holds only for them): roles, message.
_ROLE_ONLY = {
    "substitute_order": (("ersattare",), "is only for an ersattare"),
    "basis": (("ledamot", "ersattare"), "is only for a ledamot or ersattare"),
}


class _Checker:
    """The referential and consistency checks, over indexes built in a first pass.

    They run alongside the schema and skip what the schema already refuses (a malformed date, an unknown
    role, a non-string in a list of ids), so each problem is reported once.
    """

    def __init__(self, doc: dict):
        self.doc = doc
        self.problems: list[tuple[Parts, Problem]] = []
        self.first: dict[str, dict[Any, Parts]] = {}
        self.persons: set[str] = set()
        self.forbund_ids: set[str] = set()
        self.positions: dict[str, list[int]] = {}  # förbund id -> its places in the document
        self.members: dict[int, set[str]] = {}
        self.items: dict[int, set[str]] = {}
        self.insatser: dict[int, set[str]] = {}
        self.matters: dict[int, set[str]] = {}
        self.consultation_ids: set[str] = set()

    def add(self, parts: Parts, value: Any, message: str) -> None:
        self.problems.append((parts, Problem(format_path(parts), value, message)))

    def unique(self, collection: str, value: Any, parts: Parts, label: str, scope: str = "") -> None:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return
        seen = self.first.setdefault(collection, {})
        if value in seen:
            self.add(parts, value, f"is a duplicate {label}{scope} (first at {format_path(seen[value])})")
        else:
            seen[value] = parts

    def ref(self, parts: Parts, value: Any, known: set[str], what: str) -> None:
        if isinstance(value, str) and value not in known:
            self.add(parts, value, f"does not refer to any {what}")

    def run(self) -> list[tuple[Parts, Problem]]:
        self.index()
        for i, forbund in _objects(self.doc, "forbund"):
            self.check_forbund(("forbund", i), forbund)
        for i, consultation in _objects(self.doc, "consultations"):
            self.check_consultation(("consultations", i), consultation)
        return self.problems

    def index(self) -> None:
        for i, person in _objects(self.doc, "persons"):
            self.unique("person", person.get("id"), ("persons", i, "id"), "person id")
            if isinstance(person.get("id"), str):
                self.persons.add(person["id"])
        for i, forbund in _objects(self.doc, "forbund"):
            at: Parts = ("forbund", i)
            fid = forbund.get("id")
            self.unique("forbund", fid, (*at, "id"), "förbund id")
            if isinstance(fid, str):
                self.forbund_ids.add(fid)
                self.positions.setdefault(fid, []).append(i)
            members = self.members.setdefault(i, set())
            items = self.items.setdefault(i, set())
            insatser = self.insatser.setdefault(i, set())
            for j, member in _objects(forbund, "members"):
                mid = member.get("id")
                self.unique("member", mid, (*at, "members", j, "id"), "member id")
                if isinstance(mid, str):
                    members.add(mid)
            for j, meeting in _objects(forbund, "meetings"):
                self.unique("meeting", meeting.get("id"), (*at, "meetings", j, "id"), "meeting id")
                for k, item in _objects(meeting, "items"):
                    iid = item.get("id")
                    self.unique("item", iid, (*at, "meetings", j, "items", k, "id"), "item id")
                    if isinstance(iid, str):
                        items.add(iid)
            for j, insats in _objects(forbund, "insatser"):
                self.unique("insats", insats.get("id"), (*at, "insatser", j, "id"), "insats id")
                if isinstance(insats.get("id"), str):
                    insatser.add(insats["id"])
            for j, notice in _objects(forbund, "notices"):
                self.unique("notice", notice.get("id"), (*at, "notices", j, "id"), "notice id")
            matters = self.matters.setdefault(i, set())
            for j, matter in _objects(forbund, "matters"):
                self.unique("matter", matter.get("id"), (*at, "matters", j, "id"), "matter id")
                if isinstance(matter.get("id"), str):
                    matters.add(matter["id"])
            for j, report in _objects(forbund, "annual_reports"):
                for k, remark in _objects(_sub(report, "audit"), "remarks"):
                    parts = (*at, "annual_reports", j, "audit", "remarks", k, "id")
                    self.unique("remark", remark.get("id"), parts, "remark id")
        for i, consultation in _objects(self.doc, "consultations"):
            parts = ("consultations", i, "id")
            self.unique("consultation", consultation.get("id"), parts, "consultation id")
            if isinstance(consultation.get("id"), str):
                self.consultation_ids.add(consultation["id"])

    def check_member_code(self, at: Parts, member: dict) -> None:
        kind, code = member.get("kind"), member.get("code")
        if kind not in ("kommun", "region"):
            return
        if code is None:
            problem = Problem(format_path(at), None, f"'code' is required for a {kind}", show_value=False)
            self.problems.append((at, problem))
        elif isinstance(code, str):
            if kind == "kommun" and code not in reference.kommuner():
                self.add((*at, "code"), code, "is not a kommunkod in the reference table")
            elif kind == "region" and code not in reference.lan():
                self.add((*at, "code"), code, "is not a länskod in the reference table")

    def in_order(self, node: dict, at: Parts, first: str, last: str, message: str) -> None:
        """`last` is not before `first` (both given); the problem is reported at `last`."""
        start, end = node.get(first), node.get(last)
        if _real_date(start) and _real_date(end) and end < start:
            self.add((*at, last), end, message)

    def no_duplicates(self, node: Any, at: Parts, field: str) -> None:
        """No value of the list `field` stands in it twice (the database holds each once)."""
        seen: dict[str, int] = {}
        for k, value in _strings(node, field):
            if value in seen:
                first = format_path((*at, field, seen[value]))
                self.add((*at, field, k), value, f"is listed twice (first at {first})")
            else:
                seen[value] = k

    def check_consistency(self, at: Parts, forbund: dict) -> None:
        """What the database requires of one förbund beyond its structure and references."""
        for j, member in _objects(forbund, "members"):
            self.in_order(member, (*at, "members", j), "joined", "left", "is before the member joined")
        roles = set(schema()["$defs"]["mandate"]["properties"]["role"]["enum"])
        for j, mandate in _objects(forbund, "mandates"):
            p = (*at, "mandates", j)
            role = mandate.get("role")
            if isinstance(role, str) and role in roles:
                for name, (allowed, message) in _ROLE_ONLY.items():
                    if mandate.get(name) is not None and role not in allowed:
                        self.add((*p, name), mandate[name], message)
            self.in_order(mandate, p, "from", "to", "is before the mandate's start ('from')")
            self.no_duplicates(mandate, p, "appointed_by")
        for j, meeting in _objects(forbund, "meetings"):
            p = (*at, "meetings", j, "minutes")
            self.no_duplicates(_sub(meeting, "minutes"), p, "adjusters")
        for j, insats in _objects(forbund, "insatser"):
            p = (*at, "insatser", j)
            self.in_order(insats, p, "start", "end", "is before the insats's start")
            self.no_duplicates(insats, p, "parties")
            self.no_duplicates(insats, p, "concerns")
        for j, report in _objects(forbund, "annual_reports"):
            self.no_duplicates(_sub(report, "audit"), (*at, "annual_reports", j, "audit"), "delivered_to")
        for j, notice in _objects(forbund, "notices"):
            self.no_duplicates(notice, (*at, "notices", j), "recipients")

    def check_forbund(self, at: Parts, forbund: dict) -> None:
        key = at[1]
        members, items, insatser = self.members[key], self.items[key], self.insatser[key]
        member_what, item_what = "member of this förbund", "item of this förbund"
        person = self.persons

        def member_list(node: Any, parts: Parts, field: str) -> None:
            for k, value in _strings(node, field):
                self.ref((*parts, field, k), value, members, member_what)

        self.check_consistency(at, forbund)
        self.check_additions(at, forbund)
        for j, member in _objects(forbund, "members"):
            self.check_member_code((*at, "members", j), member)
        for j, mandate in _objects(forbund, "mandates"):
            p = (*at, "mandates", j)
            self.ref((*p, "person"), mandate.get("person"), person, "person")
            appointed = mandate.get("appointed_by")
            if isinstance(appointed, str):
                self.ref((*p, "appointed_by"), appointed, members, member_what)
            else:
                member_list(mandate, p, "appointed_by")
        for j, meeting in _objects(forbund, "meetings"):
            p = (*at, "meetings", j)
            for k, entry in _objects(meeting, "attendance"):
                self.ref((*p, "attendance", k, "person"), entry.get("person"), person, "person")
                self.ref((*p, "attendance", k, "replaces"), entry.get("replaces"), person, "person")
            for k, item in _objects(meeting, "items"):
                q = (*p, "items", k)
                self.ref((*q, "insats"), item.get("insats"), insatser, "insats of this förbund")
                for m, entry in _objects(item, "recused"):
                    self.ref((*q, "recused", m, "person"), entry.get("person"), person, "person")
                for m, entry in _objects(item, "substitutes"):
                    self.ref((*q, "substitutes", m, "person"), entry.get("person"), person, "person")
                    self.ref((*q, "substitutes", m, "replaces"), entry.get("replaces"), person, "person")
                decision = _sub(item, "decision")
                if decision is not None:
                    d = (*q, "decision")
                    for m, entry in _objects(decision, "votes"):
                        self.ref((*d, "votes", m, "person"), entry.get("person"), person, "person")
                    self.ref((*d, "casting_vote"), decision.get("casting_vote"), person, "person")
                    for m, entry in _objects(decision, "reservations"):
                        self.ref((*d, "reservations", m, "person"), entry.get("person"), person, "person")
            for k, value in _strings(_sub(meeting, "minutes"), "adjusters"):
                self.ref((*p, "minutes", "adjusters", k), value, person, "person")
        for j, insats in _objects(forbund, "insatser"):
            p = (*at, "insatser", j)
            self.ref((*p, "owner"), insats.get("owner"), members, member_what)
            member_list(insats, p, "parties")
            member_list(insats, p, "concerns")
            for k, entry in _objects(insats, "anchoring"):
                self.ref((*p, "anchoring", k, "member"), entry.get("member"), members, member_what)
            for k, entry in _objects(insats, "funding"):
                self.ref((*p, "funding", k, "decided_in"), entry.get("decided_in"), items, item_what)
            for k, entry in _objects(insats, "reports"):
                self.ref((*p, "reports", k, "presented_in"), entry.get("presented_in"), items, item_what)
        for j, budget in _objects(forbund, "budgets"):
            p = (*at, "budgets", j)
            self.unique(
                f"budget-year-{key}", budget.get("year"), (*p, "year"), "budget year", " in this förbund"
            )
            self.ref((*p, "decided_in"), budget.get("decided_in"), items, item_what)
            for k, entry in _objects(budget, "contributions"):
                self.ref((*p, "contributions", k, "member"), entry.get("member"), members, member_what)
            for k, entry in _objects(budget, "consulted"):
                self.ref((*p, "consulted", k, "member"), entry.get("member"), members, member_what)
        for j, report in _objects(forbund, "annual_reports"):
            p = (*at, "annual_reports", j)
            self.unique(
                f"annual-report-year-{key}",
                report.get("year"),
                (*p, "year"),
                "annual report year",
                " in this förbund",
            )
            audit = _sub(report, "audit")
            member_list(audit, (*p, "audit"), "delivered_to")
            for k, remark in _objects(audit, "remarks"):
                response = _sub(remark, "response")
                if response is not None:
                    r = (*p, "audit", "remarks", k, "response", "decided_in")
                    self.ref(r, response.get("decided_in"), items, item_what)
            for k, entry in _objects(report, "discharge"):
                self.ref((*p, "discharge", k, "member"), entry.get("member"), members, member_what)
        for j, notice in _objects(forbund, "notices"):
            p = (*at, "notices", j)
            member_list(notice, p, "recipients")
            self.ref((*p, "about"), notice.get("about"), items, item_what)

    def check_additions(self, at: Parts, forbund: dict) -> None:
        """The optional, additive fields (docs/exchange.md): the diarium, the meeting's conduct, the justering
        record and the anslag: their references and what the database requires of them."""
        key = at[1]
        person, matters = self.persons, self.matters[key]
        budgets = {b.get("year") for _, b in _objects(forbund, "budgets")}
        annual = {a.get("year") for _, a in _objects(forbund, "annual_reports")}
        numbers: dict[tuple, Parts] = {}
        dnrs: dict[Any, Parts] = {}
        for j, matter in _objects(forbund, "matters"):
            p = (*at, "matters", j)
            self.ref((*p, "insats"), matter.get("insats"), self.insatser[key], "insats of this förbund")
            self.ref((*p, "consultation"), matter.get("consultation"), self.consultation_ids, "consultation")
            for field, years, what in (("budget", budgets, "budget"), ("annual_report", annual, "annual report")):
                year = matter.get(field)
                if isinstance(year, int) and not isinstance(year, bool) and year not in years:
                    self.add((*p, field), year, f"does not refer to any {what} (year) of this förbund")
            number = (matter.get("year"), matter.get("serial"))
            if all(isinstance(n, int) and not isinstance(n, bool) for n in number):
                if number in numbers:
                    self.add((*p, "serial"), number[1], f"is a duplicate löpnummer of {number[0]} in this förbund "
                             f"(first at {format_path(numbers[number])})")
                else:
                    numbers[number] = (*p, "serial")
            dnr = matter.get("dnr")
            if isinstance(dnr, str):
                if dnr in dnrs:
                    self.add((*p, "dnr"), dnr, f"is a duplicate diarienummer in this förbund (first at "
                             f"{format_path(dnrs[dnr])})")
                else:
                    dnrs[dnr] = (*p, "dnr")
            registered = matter.get("registered")
            if _real_date(registered) and isinstance(matter.get("year"), int) and int(registered[:4]) != matter["year"]:
                self.add((*p, "registered"), registered, "is not in the matter's year")
            self.in_order(matter, p, "registered", "closed", "is before the matter was registered")
            if matter.get("status") == "closed" and matter.get("closed") is None:
                self.add((*p, "status"), "closed", "needs the date the matter was closed ('closed')")
        for j, document in _objects(forbund, "documents"):
            p = (*at, "documents", j)
            self.ref((*p, "matter"), document.get("matter"), matters, "matter of this förbund")
        for j, meeting in _objects(forbund, "meetings"):
            p = (*at, "meetings", j)
            for k, entry in _objects(meeting, "attendance"):
                q = (*p, "attendance", k)
                presence, remote = entry.get("presence"), bool(entry.get("remote"))
                if presence == "absent" and entry.get("serving"):
                    self.add((*q, "serving"), True, "cannot be true for someone absent")
                if presence is not None and presence in ("present", "remote", "absent") \
                        and remote != (presence == "remote"):
                    self.add((*q, "remote"), entry.get("remote"),
                             "must be true exactly when presence is 'remote'")
                for first, last in (("arrives_at_item", "leaves_at_item"), ("serving_from_item", "serving_to_item")):
                    a, b = entry.get(first), entry.get(last)
                    if isinstance(a, int) and isinstance(b, int) and b < a:
                        self.add((*q, last), b, f"is before {first}")
            for k, item in _objects(meeting, "items"):
                q = (*p, "items", k)
                self.ref((*q, "matter"), item.get("matter"), matters, "matter of this förbund")
                self.ref((*q, "presenter"), item.get("presenter"), person, "person")
                for m, entry in _objects(item, "motions"):
                    self.ref((*q, "motions", m, "person"), entry.get("person"), person, "person")
                for m, entry in _objects(item, "notes"):
                    self.ref((*q, "notes", m, "person"), entry.get("person"), person, "person")
            minutes = _sub(meeting, "minutes")
            if minutes is None:
                continue
            mp = (*p, "minutes")
            versions: dict[Any, Parts] = {}
            for k, version in _objects(minutes, "versions"):
                number = version.get("number")
                if isinstance(number, int) and number in versions:
                    self.add((*mp, "versions", k, "number"), number,
                             f"is a duplicate version number (first at {format_path(versions[number])})")
                elif isinstance(number, int):
                    versions[number] = (*mp, "versions", k, "number")
            confirmed: dict[tuple, Parts] = {}
            for k, entry in _objects(minutes, "confirmations"):
                c = (*mp, "confirmations", k)
                self.ref((*c, "person"), entry.get("person"), person, "person")
                number = entry.get("version")
                if isinstance(number, int) and not isinstance(number, bool) and number not in versions:
                    self.add((*c, "version"), number, "does not refer to any version of these minutes")
                pair = (number, entry.get("person"))
                if pair in confirmed:
                    self.add((*c, "person"), entry.get("person"),
                             f"has confirmed this version already (first at {format_path(confirmed[pair])})")
                else:
                    confirmed[pair] = c
            anslag = _sub(minutes, "anslag")
            if anslag is not None:
                a = (*mp, "anslag")
                posted, until = anslag.get("posted"), anslag.get("appeal_until")
                if _real_date(posted) and _real_date(until) and until <= posted:
                    self.add((*a, "appeal_until"), until, "is not after the posting day ('posted')")
                self.in_order(anslag, a, "posted", "taken_down", "is before the anslag was posted")
                if minutes.get("adjusted") is None:
                    problem = Problem(format_path(a), None, "needs adjusted minutes ('adjusted')", show_value=False)
                    self.problems.append((a, problem))
                elif _real_date(posted) and _real_date(minutes["adjusted"]) and posted < minutes["adjusted"]:
                    self.add((*a, "posted"), posted, "is before the minutes were adjusted")

    def check_consultation(self, at: Parts, consultation: dict) -> None:
        covered: set[str] = set()
        self.no_duplicates(consultation, at, "forbund")
        for k, value in _strings(consultation, "forbund"):
            self.ref((*at, "forbund", k), value, self.forbund_ids, "förbund")
            if value in self.forbund_ids:
                covered.add(value)
        covered_members = {m for f in covered for i in self.positions[f] for m in self.members[i]}
        member_what = "member of a förbund this consultation covers"
        convener = _sub(consultation, "convener")
        if convener is not None:
            self.ref((*at, "convener", "person"), convener.get("person"), self.persons, "person")
            self.ref(
                (*at, "convener", "appointed_by"), convener.get("appointed_by"), covered_members, member_what
            )
        for k, entry in _objects(consultation, "participants"):
            p = (*at, "participants", k)
            self.ref((*p, "person"), entry.get("person"), self.persons, "person")
            self.ref((*p, "represents"), entry.get("represents"), covered_members, member_what)
            self.ref(
                (*p, "for_forbund"), entry.get("for_forbund"), covered, "förbund this consultation covers"
            )


def _order_key(doc: Any, parts: Parts) -> tuple[int, ...]:
    """Where a path lies in document order (list indexes, and key positions in each object)."""
    key: list[int] = []
    node = doc
    for part in parts:
        if isinstance(node, dict):
            keys = list(node)
            position = keys.index(part) if part in node else len(keys)
            key.append(position)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            key.append(part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            key.append(0)
            node = None
    return tuple(key)


def validate_document(doc: Any) -> list[Problem]:
    """Every problem in a parsed document (structure, references, consistency), in document order.

    A document nested deeper than `max_depth()` gets that one problem alone: nothing else is looked at."""
    deep, found = _safety_problems(doc)
    if deep:
        return [problem for _, problem in found]
    found.extend(_schema_problems(doc))
    if isinstance(doc, dict):
        found.extend(_Checker(doc).run())
    found.sort(key=lambda pair: _order_key(doc, pair[0]))
    return [problem for _, problem in found]


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r} in an object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]')


def _deep_path(text: str) -> Parts | None:
    """The path of the first object or list in a JSON text nested deeper than `max_depth()`, read token by
    token without building anything (for a text too deep for the parser)."""
    limit = max_depth()
    # one frame per open container: [is an object, the current key or index, a key comes next]
    stack: list[list] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        frame = stack[-1] if stack else None
        if token in "[{":
            if len(stack) >= limit:
                return tuple(f[1] for f in stack)
            stack.append([token == "{", None if token == "{" else 0, token == "{"])
        elif token in "]}":
            if stack:
                stack.pop()
        elif token == ",":
            if frame is not None and frame[0]:
                frame[2] = True
            elif frame is not None:
                frame[1] += 1
        elif token == ":":
            if frame is not None:
                frame[2] = False
        elif frame is not None and frame[0] and frame[2]:
            try:
                frame[1] = json.loads(token)
            except ValueError:
                frame[1] = token[1:-1]
    return None


def load_document(path_or_file: str | Path | IO) -> dict:
    """Read and parse a document (UTF-8 JSON); raise DocumentError with a `$` problem when unreadable."""
    if isinstance(path_or_file, (str, Path)):
        data: bytes | str = Path(path_or_file).read_bytes()
    else:
        data = path_or_file.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DocumentError(
                [Problem("$", None, f"is not UTF-8 (byte {error.start}: {error.reason})", show_value=False)]
            ) from error
    data = data.removeprefix("\ufeff")
    try:
        return json.loads(data, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except RecursionError as error:
        # Python's parser recurses; a document this deep is refused with the place where it gets too deep.
        parts = _deep_path(data)
        path = format_path(parts) if parts is not None else "$"
        raise DocumentError([Problem(path, None, _depth_message(), show_value=False)]) from error
    except json.JSONDecodeError as error:
        message = f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise DocumentError([Problem("$", None, message, show_value=False)]) from error
    except ValueError as error:
        raise DocumentError([Problem("$", None, f"is not valid JSON: {error}", show_value=False)]) from error
