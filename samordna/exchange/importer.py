"""Import of samordna-exchange/1 documents into the database: validated first, written in one transaction.

How rows are matched (see docs/decisions.md, "Import strategy"):
- Objects with an `id` are matched by it (`external_id`, a förbund's `slug`); an id that the database
  already holds for a förbund the file does not contain is an error, so a file can never reach into
  another förbund's data.
- Objects without an id are matched under their parent by a natural key (a mandate by person, role and
  start; a vote by person; a budget by year…), and by position among entries with the same key.
- A row is written only when it differs, so importing the same file twice changes nothing, not even the
  history. The file speaks for the whole of each förbund it contains: rows of that förbund which the file
  no longer holds are deleted. Persons and consultations are shared and never deleted.
- Writes are bulk inserts/updates, each with its history rows (django-simple-history), including the
  many-to-many snapshots the historical models keep.
- Adjusted minutes freeze their meeting (samordna/protokoll/freeze.py): re-importing an adjusted meeting
  unchanged writes nothing, and a file that would change, add to or delete from one is refused, each change
  a problem with its JSON path. A meeting's minutes are written after its other rows, and `adjusted` last
  (`late`), so that the database's triggers let a new adjusted meeting in.
- Before anything is written, a first pass builds every row without the database and holds each value
  against the limits of its column, which the format does not state: a string's `max_length` (a förbund id
  must be a slug), an integer's range as PostgreSQL's column type holds it (integer ±2^31−1, bigint ±2^63−1,
  positive ones from 0), so a file that imports on SQLite imports on PostgreSQL too. Such values are problems
  with their JSON path like any other; `document_problems` gives them with validate_document's, for
  `samordna check --file`.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from simple_history.models import HistoricalRecords

from samordna.diarium.models import Document, Matter
from samordna.exchange.exporter import matter_exchange_id
from samordna.exchange.models import DocumentExtra
from samordna.exchange.validate import DocumentError, Problem, format_path, validate_document
from samordna.finance.models import AnnualReport, Audit, Budget, Consulted, Contribution, Discharge, Remark
from samordna.insatser.models import Anchoring, Funding, Insats, Report
from samordna.lib import services
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

# How a row reaches its meeting for the freeze of adjusted minutes: (kind, column; None for the row's own pk).
FROZEN_PARENT = {
    Meeting: ("meeting", None), Attendance: ("meeting", "meeting_id"), Item: ("meeting", "meeting_id"),
    Minutes: ("meeting", "meeting_id"), Recusal: ("item", "item_id"), ItemSubstitute: ("item", "item_id"),
    Decision: ("item", "item_id"), Vote: ("decision", "decision_id"), Reservation: ("decision", "decision_id"),
    Motion: ("item", "item_id"), ProtocolNote: ("item", "item_id"),
    # the justering record of adjusted minutes stays as it was confirmed (the anslag may change: taken down)
    ProtocolVersion: ("minutes", "minutes_id"), Confirmation: ("minutes", "minutes_id"),
}
MINUTES_FREE = frozenset({"published", "extra"})  # what may change in adjusted minutes (the anslag)
BATCH = 2000
_RANGES = BaseDatabaseOperations.integer_field_ranges
SHOWN = 40  # the characters of a value that a problem shows
STATUTE_DEFAULTS = {"board_term_start": "01-01", "notice_days": 7, "adjust_within_days": 14,
                    "report_interval_months": 4}


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do): counts per kind of row."""

    counts: dict[str, Counter] = field(default_factory=dict)
    dry_run: bool = False

    def add(self, kind: str, what: str, n: int = 1) -> None:
        if n:
            self.counts.setdefault(kind, Counter())[what] += n

    def total(self, what: str) -> int:
        return sum(c[what] for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return any(self.total(w) for w in ("created", "updated", "deleted"))

    def lines(self) -> list[str]:
        out = []
        for kind in sorted(self.counts):
            c = self.counts[kind]
            out.append(f"{kind}: {c['created']} created, {c['updated']} updated, {c['deleted']} deleted, "
                       f"{c['unchanged']} unchanged")
        return out


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _json_normal(value: Any) -> Any:
    """JSON as PostgreSQL's jsonb gives it back: -0.0 is stored as 0, so the two must compare equal."""
    if isinstance(value, float) and value == 0:
        return 0.0
    if isinstance(value, dict):
        return {k: _json_normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_normal(v) for v in value]
    return value


def _json_key(value: Any) -> str:
    return json.dumps(_json_normal(value), sort_keys=True, ensure_ascii=False)


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _given(row: dict, obj: dict, pairs: dict[str, tuple[str, Any]]) -> dict:
    """The optional, additive fields (docs/exchange.md) an object carries, into its row: `pairs` maps a column
    to (the object's key, a conversion). A key the object does not have is not carried: the row leaves the
    column out and the import keeps what the database holds (see `_Spec.optional`)."""
    for column, (key, convert) in pairs.items():
        if key in obj:
            row[column] = convert(obj[key])
    return row


def _text(value: Any) -> str:
    return value or ""


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


# Columns of an insats the exchange format does not carry (the application's way, issue 9): an import keeps them.
_INSATS_KEEP = ("status", "applicant_id", "contact_id", "need", "target_group", "goals", "in_kind",
                "planned_participants", "followup_method", "followup_id", "proposal", "submitted_on",
                "decided_in_id")
# The optional, additive fields of the format (docs/exchange.md): column -> (key in the object, conversion).
_ATTENDANCE_OPTIONAL = {c: (c, lambda v: v) for c in ("arrives_at_item", "leaves_at_item", "serving_from_item",
                                                         "serving_to_item")}
_MEETING_OPTIONAL = {"start_time": ("start_time", _t), "place": ("place", _text),
                     "remote_allowed": ("remote_allowed", bool)}
_DECISION_OPTIONAL = {"vote_requested": ("vote_requested", bool)}
_MISSING = object()
# Planning a samråd (samrad/services.py): its time and place, and when invitations and notes went out.
_CONSULTATION_KEEP = ("start_time", "place", "invitations_sent_on", "notes_sent_on")


class _Spec:
    """How one model is compared and written: its field attnames, its match key, its many-to-many fields.

    `source` names where a field's value is in the document, relative to the object a row is built from
    (`row["_at"]`), where that is not the field's own name: `external_id` is the object's `id`.
    """

    def __init__(self, model: type[models.Model], key: tuple[str, ...], keep: tuple[str, ...] = (),
                 source: dict[str, tuple[str, ...]] | None = None, late: tuple[str, ...] = (),
                 optional: tuple[str, ...] = ()):
        self.model = model
        self.key = key
        # `late`: columns written after the many-to-many rows (Minutes.adjusted, see the module docstring)
        self.late = late
        # `keep`: columns the format does not carry; never compared, kept on update, defaults on insert
        self.keep = {f.attname: f.get_default() for f in model._meta.concrete_fields if f.attname in keep}
        concrete = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in keep]
        self.fields = [f.attname for f in concrete]
        self.json_fields = {f.attname for f in concrete if isinstance(f, models.JSONField)}
        # `optional`: columns of the format's optional, additive fields: compared and written when the row
        # has them (its object carries the key), else kept on update and defaults on insert, as `keep`
        self.optional = {f.attname: f.get_default() for f in concrete if f.attname in optional}
        self.m2m = {f.name: f for f in model._meta.many_to_many}
        self.kind = model._meta.model_name
        # the limits of the database that the format does not state: lengths of columns, slugs in addresses
        self.limits = [(f.attname, f.max_length, isinstance(f, models.SlugField)) for f in concrete
                       if isinstance(f, models.CharField) and f.max_length]
        # integer columns with values from the document (not keys): the ranges PostgreSQL's types hold, which
        # are Django's base ones (SQLite would take up to 2^63−1 in any of them)
        self.ranges = [(f.attname, *_RANGES[f.get_internal_type()]) for f in concrete
                       if f.get_internal_type() in _RANGES and not f.is_relation]
        self.source = {"external_id": ("id",), **(source or {})}

    def path(self, row: dict, attname: str) -> tuple:
        """The JSON path of a row's field in the document."""
        return (*row["_at"], *self.source.get(attname, (attname,)))

    def signature(self, row: dict) -> tuple:
        values = tuple(_json_key(row[f]) if f in self.json_fields else row.get(f, _MISSING) for f in self.fields)
        return values + tuple(tuple(sorted(row[m])) for m in self.m2m)


class _Inserter:
    """Bulk inserts of plain values. On SQLite, with primary keys allocated here and one executemany per
    table, which is several times faster than building model instances; elsewhere through bulk_create."""

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"
        self.converters: dict[tuple[type, str], Any] = {}

    def _converter(self, model, attname: str):
        key = (model, attname)
        if key not in self.converters:
            field = next(f for f in model._meta.concrete_fields if f.attname == attname)
            if isinstance(field, models.JSONField):
                self.converters[key] = lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
            elif isinstance(field, models.DateTimeField):
                cache: dict = {}  # one import writes one history timestamp: convert it once

                def convert(v, f=field, cache=cache):
                    if v not in cache:
                        cache[v] = f.get_db_prep_save(v, connection)
                    return cache[v]

                self.converters[key] = convert
            elif isinstance(field, (models.DateField, models.TimeField)):
                self.converters[key] = lambda v: v.isoformat() if v else None
            elif isinstance(field, models.DecimalField):
                self.converters[key] = lambda v, f=field: f.get_db_prep_save(v, connection)
            else:
                self.converters[key] = None
        return self.converters[key]

    def insert(self, model, columns: list[str], rows: list[list]) -> list[int]:
        """Insert rows (values in `columns` order, Python values); return their primary keys."""
        if not rows:
            return []
        pk = model._meta.pk
        if not self.sqlite:
            objs = model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows],
                                             batch_size=BATCH)
            return [obj.pk for obj in objs]
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT max("{pk.column}") FROM "{table}"')
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            start = max(highest, found[0] if found else 0) + 1
            pks = list(range(start, start + len(rows)))
            converters = [(i + 1, conv) for i, c in enumerate(columns) if (conv := self._converter(model, c))]
            names = [next(f.column for f in model._meta.concrete_fields if f.attname == c) for c in columns]
            quoted = ", ".join(f'"{n}"' for n in names)
            marks = ", ".join(["%s"] * (len(names) + 1))
            sql = f'INSERT INTO "{table}" ("{pk.column}", {quoted}) VALUES ({marks})'
            params = []
            for p, row in zip(pks, rows, strict=True):
                values = [p, *row]
                for i, conv in converters:
                    values[i] = conv(values[i])
                params.append(values)
            cursor.executemany(sql, params)
        return pks


class _Importer:
    def __init__(self, doc: dict, user, result: ImportResult, reason: str | None = None):
        # The history rows are filed under the import's action ("#<id>"), whose summary holds `reason`.
        action = services.current_action()
        self.reason = f"#{action.pk}" if action is not None else reason
        self.doc = doc
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.result = result
        self.now = timezone.now()
        self.inserter = _Inserter()
        self.pending_deletes: list[tuple[type[models.Model], list[int]]] = []
        self.problems: list[Problem] = []
        # In the checking pass nothing is read or written: rows get stand-in primary keys (negative numbers).
        self.checking = False
        self.stand_ins = itertools.count(-1, -1)
        self.forbund_docs = [(i, f) for i, f in enumerate(doc.get("forbund") or [])]
        self.slugs = [f["id"] for _, f in self.forbund_docs]
        self.fpk: dict[str, int] = {}
        self.person: dict[str, int] = {}
        self.member: dict[str, int] = {}
        self.meeting: dict[str, int] = {}
        self.item: dict[str, int] = {}
        self.insats: dict[str, int] = {}
        self.matter: dict[str, int] = {}
        self.matter_rows: list[dict] = []
        self.consultation_pk: dict[str, int] = {}
        # The meetings whose minutes are adjusted as stored before the import (read at the meetings' sync),
        # and once a change of one is found, nothing more is written (the problems are collected).
        self.frozen: dict[str, dict] | None = None
        self.refusing = False

    # -- the generic sync ------------------------------------------------------------------------------

    def sync(self, spec: _Spec, existing_qs, incoming: list[dict], count: bool = True) -> None:
        """Make the rows of `existing_qs` equal `incoming`; sets row["_pk"] on each incoming row.

        Every row passes here, built from the object at `row["_at"]` in the document. In the checking pass
        this only holds each row against the limits of its columns."""
        if self.checking:
            for row in incoming:
                for f, default in spec.optional.items():
                    row.setdefault(f, default)
                self.check_limits(spec, row)
                row["_pk"] = next(self.stand_ins)
            return
        model = spec.model
        existing = list(existing_qs.values("id", *spec.fields, *spec.keep))
        through_ids: dict[str, dict[tuple[int, int], int]] = {}
        by_pk = {row["id"]: row for row in existing}
        for name, m2m in spec.m2m.items():
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            for row in existing:
                row[name] = []
            ids = through_ids[name] = {}
            pks = list(by_pk)
            for start in range(0, len(pks), 50000):
                chunk = pks[start:start + 50000]
                for tid, s, t in through.objects.filter(**{f"{source}_id__in": chunk}).values_list(
                    "id", f"{source}_id", f"{target}_id"
                ):
                    by_pk[s][name].append(t)
                    ids[(s, t)] = tid
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for row in existing:
            groups[tuple(row[k] for k in spec.key)].append(row)
        to_create, to_update, to_delete, deleted = [], [], [], []
        unchanged = 0
        incoming_groups: dict[tuple, list[dict]] = defaultdict(list)
        for row in incoming:
            incoming_groups[tuple(row[k] for k in spec.key)].append(row)
        for key, rows in incoming_groups.items():
            olds = groups.pop(key, [])
            if len(rows) == 1 and len(olds) == 1:
                pairs, rest_new, rest_old = [(rows[0], olds[0])], [], []
            else:
                # exact matches first, then pair the rest by position
                by_sig: dict[tuple, list[dict]] = defaultdict(list)
                for old in olds:
                    by_sig[spec.signature(old)].append(old)
                pairs, rest_new = [], []
                for row in rows:
                    same = by_sig.get(spec.signature(row))
                    if same:
                        pairs.append((row, same.pop()))
                    else:
                        rest_new.append(row)
                rest_old = [old for olds_ in by_sig.values() for old in olds_]
                while rest_new and rest_old:
                    pairs.append((rest_new.pop(0), rest_old.pop(0)))
            for row, old in pairs:
                row["_pk"] = old["id"]
                row.update({k: old[k] for k in spec.keep})
                row.update({k: old[k] for k in spec.optional if k not in row})
                if spec.signature(row) == spec.signature(old):
                    unchanged += 1
                else:
                    to_update.append((row, old))
            for row in rest_new:
                for f, default in spec.optional.items():
                    row.setdefault(f, default)
            to_create.extend(rest_new)
            deleted.extend(rest_old)
        for olds in groups.values():
            deleted.extend(olds)
        to_delete = [old["id"] for old in deleted]
        if model in FROZEN_PARENT:
            self.refuse_frozen(spec, to_create, to_update, deleted)
        if self.refusing:  # a change of an adjusted meeting was found: check the rest, write nothing
            for row in to_create:
                row["_pk"] = next(self.stand_ins)
        else:
            self._write(spec, to_create, to_update, through_ids)
            if to_delete:
                self.pending_deletes.append((model, to_delete))
        self.result.add(spec.kind, "updated", len(to_update))
        if count:  # (a second pass over the same rows counts only what it changes)
            self.result.add(spec.kind, "created", len(to_create))
            self.result.add(spec.kind, "deleted", len(to_delete))
            self.result.add(spec.kind, "unchanged", unchanged)

    def _write(self, spec: _Spec, to_create: list[dict], to_update: list[tuple[dict, dict]], through_ids) -> None:
        model = spec.model
        ins = self.inserter
        for row in to_create:
            row.update(spec.keep)
        if to_create:
            columns = [*spec.fields, *spec.keep]
            pks = ins.insert(model, columns, [[None if f in spec.late else row[f] for f in columns]
                                              for row in to_create])
            for row, pk in zip(to_create, pks, strict=True):
                row["_pk"] = pk
        late_changed: list = []
        if to_update:
            changed_fields = sorted({
                f for row, old in to_update for f in spec.fields
                if (_json_key(row[f]) != _json_key(old[f]) if f in spec.json_fields else row[f] != old[f])
            })
            late_changed = [f for f in changed_fields if f in spec.late]
            changed_fields = [f for f in changed_fields if f not in spec.late]
            if changed_fields:
                updated = [model(id=row["_pk"], **{f: row[f] for f in spec.fields}) for row, _old in to_update]
                model.objects.bulk_update(updated, changed_fields, batch_size=BATCH)
        # many-to-many: write the through rows that differ
        for name, m2m in spec.m2m.items():
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            ids = through_ids.get(name, {})
            add, remove = [], []
            for row in to_create:
                add.extend((row["_pk"], t) for t in row[name])
            for row, old in to_update:
                new, was = set(row[name]), set(old[name])
                add.extend((row["_pk"], t) for t in new - was)
                remove.extend(ids[(row["_pk"], t)] for t in was - new)
            if remove:
                through.objects.filter(id__in=remove).delete()
            if add:
                new_ids = ins.insert(through, [f"{source}_id", f"{target}_id"], [list(pair) for pair in add])
                for pair, tid in zip(add, new_ids, strict=True):
                    ids[pair] = tid
        # the late columns, once the many-to-many rows are in
        late_rows = [row for row in to_create if any(row[f] is not None for f in spec.late)]
        late_rows += [row for row, _old in to_update] if late_changed else []
        if late_rows and spec.late:
            late = [model(id=row["_pk"], **{f: row[f] for f in spec.late}) for row in late_rows]
            model.objects.bulk_update(late, list(spec.late), batch_size=BATCH)
        # history: "+" for new rows, "~" for changed ones, each with its many-to-many snapshot
        history = model.history.model
        tracked = [f.attname for f in history.tracked_fields]
        user_id = self.user.pk if self.user is not None else None
        for rows_, kind in ((to_create, "+"), ([r for r, _ in to_update], "~")):
            if not rows_:
                continue
            columns = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
            values = []
            for row in rows_:
                values.append([row["_pk"] if f == "id" else row[f] for f in tracked]
                              + [self.now, self.reason, kind, user_id])
            history_ids = ins.insert(history, columns, values)
            for name, m2m in spec.m2m.items():
                m2m_history = HistoricalRecords.m2m_models[m2m]
                source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
                ids = through_ids.get(name, {})
                snapshot = []
                for row, hid in zip(rows_, history_ids, strict=True):
                    for t in row[name]:
                        snapshot.append([ids.get((row["_pk"], t)), row["_pk"], t, hid])
                if snapshot:
                    ins.insert(m2m_history, ["id", f"{source}_id", f"{target}_id", "history_id"], snapshot)

    def delete_pending(self) -> None:
        # Children first, so that nothing still refers (PROTECT) to a row that goes.
        for model, pks in reversed(self.pending_deletes):
            for start in range(0, len(pks), 500):
                model.objects.filter(pk__in=pks[start:start + 500]).delete()

    # -- the freeze of adjusted minutes ----------------------------------------------------------------

    def _frozen_sets(self) -> dict[str, dict]:
        """Read once, before the meetings are written: the adjusted meetings, their items and decisions."""
        if self.frozen is None:
            fpks = list(self.fpk.values())
            adjusted = dict(Minutes.objects.filter(forbund_id__in=fpks, adjusted__isnull=False)
                            .values_list("meeting_id", "adjusted"))
            meetings = {pk: (ext, day) for pk, ext, day in
                        Meeting.objects.filter(pk__in=list(adjusted)).values_list("id", "external_id", "date")}
            paths = {}
            for i, f in self.forbund_docs:
                for j, mt in enumerate(f.get("meetings") or []):
                    paths[mt["id"]] = ("forbund", i, "meetings", j)
            self.frozen = {
                "meeting": {pk: pk for pk in adjusted},
                "item": dict(Item.objects.filter(meeting_id__in=list(adjusted)).values_list("id", "meeting_id")),
                "decision": dict(Decision.objects.filter(item__meeting_id__in=list(adjusted))
                                 .values_list("id", "item__meeting_id")),
                "minutes": dict(Minutes.objects.filter(meeting_id__in=list(adjusted)).values_list("id", "meeting_id")),
                "adjusted": adjusted, "meetings": meetings, "paths": paths,
                "forbund_of": {pk: i for i, f in self.forbund_docs for pk in [self.fpk[f["id"]]]},
            }
        return self.frozen

    def _frozen_meeting(self, model, row: dict, pk_key: str):
        """The adjusted meeting (its pk) a row belongs to, or None."""
        kind, column = FROZEN_PARENT[model]
        frozen = self._frozen_sets()
        value = row.get(pk_key) if column is None else row.get(column)
        return frozen[kind].get(value)

    def _frozen_message(self, meeting_pk: int, verb: str) -> str:
        frozen = self.frozen
        ext, day = frozen["meetings"][meeting_pk]
        return (f"{verb} the meeting {ext} of {day.isoformat()}, whose minutes were adjusted on "
                f"{frozen['adjusted'][meeting_pk].isoformat()}: an adjusted protokoll cannot be changed "
                "(a correction is a new decision at a later meeting)")

    def refuse_frozen(self, spec: _Spec, to_create, to_update, deleted) -> None:
        """Each change of an adjusted meeting (new, changed or deleted rows under it) is a problem."""
        model = spec.model
        found = False
        for row in to_create:
            meeting = self._frozen_meeting(model, row, "_pk")
            if meeting is not None:
                found = True
                self.problems.append(Problem(format_path(row["_at"]), None,
                                             self._frozen_message(meeting, "adds to"), show_value=False))
        for row, old in to_update:
            meeting = self._frozen_meeting(model, row, "_pk")
            if meeting is None:
                meeting = self._frozen_meeting(model, old, "id")
            if meeting is None:
                continue
            changed = [f for f in spec.fields
                       if (_json_key(row[f]) != _json_key(old[f]) if f in spec.json_fields else row[f] != old[f])]
            changed += [m for m in spec.m2m if sorted(row[m]) != sorted(old[m])]
            if model is Minutes:
                changed = [f for f in changed if f not in MINUTES_FREE]
            if not changed:
                continue
            found = True
            name = changed[0]
            self.problems.append(Problem(format_path(spec.path(row, name)), row[name],
                                         self._frozen_message(meeting, "changes"),
                                         show_value=name not in spec.m2m and not name.endswith("_id")))
        for old in deleted:
            meeting = self._frozen_meeting(model, old, "id")
            if meeting is None:
                continue
            found = True
            ext, _day = self.frozen["meetings"][meeting]
            path = self.frozen["paths"].get(ext)
            if path is None or model is Meeting:
                path = ("forbund", self.frozen["forbund_of"].get(old.get("forbund_id"), 0), "meetings")
            self.problems.append(Problem(format_path(path), None,
                                         self._frozen_message(meeting, f"deletes a {spec.kind} from"),
                                         show_value=False))
        if found:
            self.refusing = True

    # -- checks that need the database ----------------------------------------------------------------

    def check(self) -> None:
        """Problems that need the database: an id of a förbund the file does not contain, the direction lock;
        collected in self.problems (run() raises them together with those of the checking pass).

        Everything about the document alone (date pairs in order, fields only some roles have, nothing listed
        twice) is validate_document's, which has already passed.
        """
        where: dict[type, dict[str, tuple]] = defaultdict(dict)
        for i, f in self.forbund_docs:
            at = ("forbund", i)
            for j, m in enumerate(f.get("members") or []):
                where[Member][m["id"]] = ((*at, "members", j, "id"), f["id"])
            for j, mt in enumerate(f.get("meetings") or []):
                where[Meeting][mt["id"]] = ((*at, "meetings", j, "id"), f["id"])
                for k, it in enumerate(mt.get("items") or []):
                    where[Item][it["id"]] = ((*at, "meetings", j, "items", k, "id"), f["id"])
            for j, ins in enumerate(f.get("insatser") or []):
                where[Insats][ins["id"]] = ((*at, "insatser", j, "id"), f["id"])
            for j, ar in enumerate(f.get("annual_reports") or []):
                for k, rem in enumerate((ar.get("audit") or {}).get("remarks") or []):
                    where[Remark][rem["id"]] = ((*at, "annual_reports", j, "audit", "remarks", k, "id"), f["id"])
            for j, n in enumerate(f.get("notices") or []):
                where[Notice][n["id"]] = ((*at, "notices", j, "id"), f["id"])
            for j, m in enumerate(f.get("matters") or []):
                where[Matter][m["id"]] = ((*at, "matters", j, "id"), f["id"])
        for model, ids in where.items():
            keys = list(ids)
            for start in range(0, len(keys), 5000):
                found = model.objects.filter(external_id__in=keys[start:start + 5000]).exclude(
                    forbund__slug__in=self.slugs
                ).values_list("external_id", "forbund__slug")
                for external_id, slug in found:
                    path, _ = ids[external_id]
                    self.problem(path, external_id, f"is already the id of a {model._meta.model_name} of "
                                 f"förbund {slug!r}, which this file does not contain")
        # insats-direction: the direction never changes once registered in the national follow-up.
        locked = dict(Insats.objects.filter(external_id__in=list(where[Insats]), followup_registered__isnull=False,
                                            direction__isnull=False).values_list("external_id", "direction"))
        if locked:
            for i, f in self.forbund_docs:
                for j, ins in enumerate(f.get("insatser") or []):
                    if ins["id"] in locked and ins.get("direction") != locked[ins["id"]]:
                        self.problem(("forbund", i, "insatser", j, "direction"), ins.get("direction"),
                                     f"cannot replace {locked[ins['id']]!r}: the insats is registered in the "
                                     "national follow-up, so its direction is fixed")

    def check_limits(self, spec: _Spec, row: dict) -> None:
        """Problems with values the database cannot hold although the format allows them: a string longer
        than its column (a DataError on PostgreSQL, silently kept by SQLite), a förbund id that is no slug
        (its pages' addresses could not be built), an integer outside its column's range (on PostgreSQL a
        DataError above 2^31−1 in an integer column; on SQLite an OverflowError from 2^63)."""
        for attname, max_length, slug in spec.limits:
            value = row[attname]
            if not isinstance(value, str):
                continue
            if slug:
                try:
                    validate_slug(value)
                except ValidationError:
                    self.problem(spec.path(row, attname), value, "cannot be used as a förbund id: only letters "
                                 "a–z, digits, hyphens and underscores", shorten=True)
            if len(value) > max_length:
                self.problem(spec.path(row, attname), value,
                             f"is longer than {max_length} characters (it has {len(value)})", shorten=True)
        for attname, lowest, highest in spec.ranges:
            value = row[attname]
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            if value > highest:
                self.problem(spec.path(row, attname), value,
                             f"is more than the database can hold (at most {highest})", shorten=True)
            elif value < lowest:
                self.problem(spec.path(row, attname), value,
                             f"is less than the database can hold (at least {lowest})", shorten=True)

    def problem(self, parts: tuple, value: Any, message: str, shorten: bool = False) -> None:
        if shorten and isinstance(value, int) and len(shown := str(value)) > SHOWN:
            self.problems.append(Problem(format_path(parts), value, f"{shown[:SHOWN - 1]}… {message}",
                                         show_value=False))
        elif shorten and isinstance(value, str) and len(value) > SHOWN:
            # a long value is shown by its start, so that the line stays readable
            short = value[:SHOWN - 1] + "…"
            self.problems.append(Problem(format_path(parts), value, f"{short!r} {message}", show_value=False))
        else:
            self.problems.append(Problem(format_path(parts), value, message))

    # -- the stages -----------------------------------------------------------------------------------

    def run(self) -> None:
        """Check, then write. A first pass builds every row as the writing pass does but writes (and reads)
        nothing: sync() holds each row against the limits of its columns. So every problem is reported at
        once, and nothing is written when there is one."""
        self.check()
        self.checking = True
        self.stages()
        if self.problems:
            raise DocumentError(self.problems)
        self.checking = False
        self.stages()
        if self.problems:  # changes of adjusted meetings: nothing was written, the transaction rolls back
            raise DocumentError(self.problems)

    def stages(self) -> None:
        doc = self.doc
        persons = [{"_at": ("persons", n), "external_id": p["id"], "name": p.get("name") or "",
                    "email": p.get("email"), "extra": p.get("extra") or None}
                   for n, p in enumerate(doc.get("persons") or [])]
        self.sync(_Spec(Person, ("external_id",)), Person.objects.filter(
            external_id__in=[p["external_id"] for p in persons]), persons)
        self.person = {p["external_id"]: p["_pk"] for p in persons}
        # referenced persons that the file does not list resolve in the database (validation prevents it)
        forbund_rows = []
        for i, f in self.forbund_docs:
            st = f.get("statutes") or {}
            row = {"_at": ("forbund", i), "slug": f["id"], "name": f.get("name") or "",
                   "organisationsnummer": f.get("organisationsnummer"), "founded": _d(f.get("founded")), "equity_ceiling": st.get("equity_ceiling") or None,
                   "statutes_extra": st.get("extra") or None, "extra": f.get("extra") or None}
            for k, default in STATUTE_DEFAULTS.items():
                row[k] = st.get(k) if st.get(k) is not None else default
            forbund_rows.append(row)
        source = {"slug": ("id",), "statutes_extra": ("statutes", "extra"),
                  **{k: ("statutes", k) for k in ("equity_ceiling", *STATUTE_DEFAULTS)}}
        self.sync(_Spec(Forbund, ("slug",), keep=("ics_token", "diary_prefix", "notices_posted_at", "minutes_kept_at",
                                                      "fee_basis", "fee_amount", "fee_non_serving_ersattare"), source=source),
                  Forbund.objects.filter(slug__in=self.slugs), forbund_rows)
        self.fpk = {r["slug"]: r["_pk"] for r in forbund_rows}
        fpks = list(self.fpk.values())

        def scoped(model):
            return model.objects.filter(forbund_id__in=fpks)

        rows = []
        for i, f in self.forbund_docs:
            for j, m in enumerate(f.get("members") or []):
                rows.append({"_at": ("forbund", i, "members", j), "forbund_id": self.fpk[f["id"]],
                             "external_id": m["id"], "kind": m["kind"],
                             "name": m.get("name") or "", "code": m.get("code"), "joined": _d(m.get("joined")),
                             "left": _d(m.get("left")), "extra": m.get("extra") or None})
        self.sync(_Spec(Member, ("external_id",)), scoped(Member), rows)
        self.member = {r["external_id"]: r["_pk"] for r in rows}
        P, M = self.person, self.member

        rows = []
        for i, f in self.forbund_docs:
            for j, m in enumerate(f.get("mandates") or []):
                rows.append({"_at": ("forbund", i, "mandates", j), "forbund_id": self.fpk[f["id"]],
                             "person_id": P[m["person"]], "role": m["role"],
                             "basis": m.get("basis"), "substitute_order": m.get("substitute_order"),
                             "date_from": _d(m["from"]), "date_to": _d(m.get("to")), "extra": m.get("extra") or None,
                             "appointed_by": [M[a] for a in _as_list(m.get("appointed_by"))]})
        self.sync(_Spec(Mandate, ("forbund_id", "person_id", "role", "date_from")), scoped(Mandate), rows)

        rows = []
        for i, f in self.forbund_docs:
            for j, mt in enumerate(f.get("meetings") or []):
                rows.append(_given({"_at": ("forbund", i, "meetings", j), "forbund_id": self.fpk[f["id"]],
                                    "external_id": mt["id"], "date": _d(mt["date"]),
                                    "kind": mt.get("kind"), "notice_sent": _d(mt.get("notice_sent")),
                                    "extra": mt.get("extra") or None}, mt, _MEETING_OPTIONAL))
        self.sync(_Spec(Meeting, ("external_id",), optional=tuple(_MEETING_OPTIONAL)), scoped(Meeting), rows)
        self.meeting = {r["external_id"]: r["_pk"] for r in rows}

        rows = []
        for i, f in self.forbund_docs:
            for j, ins in enumerate(f.get("insatser") or []):
                rows.append({"_at": ("forbund", i, "insatser", j), "forbund_id": self.fpk[f["id"]],
                             "external_id": ins["id"], "name": ins.get("name"),
                             "direction": ins.get("direction"), "owner_id": M.get(ins.get("owner")),
                             "start": _d(ins.get("start")), "end": _d(ins.get("end")),
                             "followup_registered": _d(ins.get("followup_registered")),
                             "extra": ins.get("extra") or None,
                             "parties": [M[m] for m in ins.get("parties") or []],
                             "concerns": [M[m] for m in ins.get("concerns") or []]})
        self.sync(_Spec(Insats, ("external_id",), keep=_INSATS_KEEP), scoped(Insats), rows)
        self.insats = {r["external_id"]: r["_pk"] for r in rows}

        self.matters()
        rows = []
        item_optional = {"matter_id": ("matter", self.matter.get), "presenter_id": ("presenter", P.get),
                         "proposal": ("proposal", _text), "immediate_adjust": ("immediate_adjust", bool),
                         "sent_to": ("sent_to", _text)}
        for i, f in self.forbund_docs:
            for j, mt in enumerate(f.get("meetings") or []):
                for k, it in enumerate(mt.get("items") or []):
                    rows.append(_given({
                        "_at": ("forbund", i, "meetings", j, "items", k), "forbund_id": self.fpk[f["id"]],
                        "meeting_id": self.meeting[mt["id"]],
                        "external_id": it["id"], "number": it.get("number"), "title": it.get("title"),
                        "kind": it.get("kind"), "personnel_or_election": bool(it.get("personnel_or_election")),
                        "major": bool(it.get("major")), "documents_sent": _d(it.get("documents_sent")),
                        "insats_id": self.insats.get(it.get("insats")), "extra": it.get("extra") or None},
                        it, item_optional))
        self.sync(_Spec(Item, ("external_id",), optional=tuple(item_optional),
                        source={"matter_id": ("matter",), "presenter_id": ("presenter",)}), scoped(Item), rows)
        self.item = items = {r["external_id"]: r["_pk"] for r in rows}

        self.meeting_children(P)
        self.insats_children(M, items)
        self.finance(M, items)
        self.notices(M, items)
        self.consultations(P, M)
        self.matter_links()
        if self.checking or self.refusing:
            return
        self.delete_pending()
        if doc.get("extra"):
            extra = DocumentExtra.objects.first()
            if extra is None:
                DocumentExtra.objects.create(extra=doc["extra"])
                self.result.add("documentextra", "created")
            elif _json_key(extra.extra) != _json_key(doc["extra"]):
                extra.extra = doc["extra"]
                extra.save()
                self.result.add("documentextra", "updated")

    def meeting_children(self, P) -> None:
        fpks = list(self.fpk.values())
        att, rec, sub, dec, minutes = [], [], [], [], []
        motions, notes, motion_items, note_items = [], [], [], []
        for i, f in self.forbund_docs:
            fk = self.fpk[f["id"]]
            for j, mt in enumerate(f.get("meetings") or []):
                mk = self.meeting[mt["id"]]
                at = ("forbund", i, "meetings", j)
                for k, a in enumerate(mt.get("attendance") or []):
                    att.append({"_at": (*at, "attendance", k), "forbund_id": fk, "meeting_id": mk, "person_id": P[a["person"]],
                                "capacity": a.get("capacity"), "remote": bool(a.get("remote")),
                                "serving": bool(a.get("serving")), "replaces_id": P.get(a.get("replaces")),
                                # without `presence` the format lists those who attended: present, or remote
                                "presence": a.get("presence") or (Presence.REMOTE if a.get("remote")
                                                                  else Presence.PRESENT),
                                "extra": a.get("extra") or None})
                    _given(att[-1], a, _ATTENDANCE_OPTIONAL)
                for k, it in enumerate(mt.get("items") or []):
                    ik = self.item[it["id"]]
                    at_item = (*at, "items", k)
                    for n, r in enumerate(it.get("recused") or []):
                        rec.append({"_at": (*at_item, "recused", n), "forbund_id": fk, "item_id": ik, "person_id": P[r["person"]],
                                    "reason": r.get("reason"), "extra": r.get("extra") or None})
                    for n, s in enumerate(it.get("substitutes") or []):
                        sub.append({"_at": (*at_item, "substitutes", n), "forbund_id": fk, "item_id": ik, "person_id": P[s["person"]],
                                    "replaces_id": P.get(s.get("replaces")), "extra": s.get("extra") or None})
                    d = it.get("decision")
                    if d:
                        dec.append(_given({"_at": (*at_item, "decision"), "forbund_id": fk, "item_id": ik,
                                    "outcome": d.get("outcome"), "text": d.get("text"), "casting_vote_id": P.get(d.get("casting_vote")), "lot": bool(d.get("lot")),
                                    "extra": d.get("extra") or None, "_doc": d}, d, _DECISION_OPTIONAL))
                    if "motions" in it:
                        motion_items.append(ik)
                        for n, m in enumerate(it.get("motions") or []):
                            motions.append({"_at": (*at_item, "motions", n), "forbund_id": fk, "item_id": ik,
                                            "person_id": P[m["person"]], "text": m["text"],
                                            "order": m.get("order") if m.get("order") is not None else n + 1,
                                            "withdrawn": bool(m.get("withdrawn")), "put_order": m.get("put_order"),
                                            "extra": m.get("extra") or None})
                    if "notes" in it:
                        note_items.append(ik)
                        for n, note in enumerate(it.get("notes") or []):
                            notes.append({"_at": (*at_item, "notes", n), "forbund_id": fk, "item_id": ik,
                                          "person_id": P.get(note.get("person")), "text": note["text"],
                                          "extra": note.get("extra") or None})
                mn = mt.get("minutes")
                if mn:
                    minutes.append({"_at": (*at, "minutes"), "forbund_id": fk, "meeting_id": mk, "adjusted": _d(mn.get("adjusted")),
                                    "published": _d(mn.get("published")), "extra": mn.get("extra") or None,
                                    "adjusters": [P[p] for p in mn.get("adjusters") or []], "_doc": mn})
        # An attendance list that says nothing of `presence` (an older document) lists who attended: the rows
        # of those recorded absent that it does not name are not its to delete, and are kept.
        existing = Attendance.objects.filter(forbund_id__in=fpks)
        silent = {self.meeting[mt["id"]]: {P[a["person"]] for a in mt.get("attendance") or []}
                  for _, f in self.forbund_docs for mt in f.get("meetings") or []
                  if not any("presence" in a for a in mt.get("attendance") or [])}
        if silent and not self.checking:
            kept = [pk for pk, mk, pk_person in Attendance.objects.filter(
                meeting_id__in=list(silent), presence=Presence.ABSENT).values_list("id", "meeting_id", "person_id")
                if pk_person not in silent[mk]]
            existing = existing.exclude(pk__in=kept)
        self.sync(_Spec(Attendance, ("meeting_id", "person_id"), optional=tuple(_ATTENDANCE_OPTIONAL)),
                  existing, att)
        self.sync(_Spec(Recusal, ("item_id", "person_id")), Recusal.objects.filter(forbund_id__in=fpks), rec)
        self.sync(_Spec(ItemSubstitute, ("item_id", "person_id")), ItemSubstitute.objects.filter(forbund_id__in=fpks),
                  sub)
        self.sync(_Spec(Decision, ("item_id",), optional=tuple(_DECISION_OPTIONAL)),
                  Decision.objects.filter(forbund_id__in=fpks), dec)
        # Yrkanden and protokollsanteckningar of the items whose objects carry them (before the minutes: the
        # database refuses rows added under adjusted minutes).
        self.sync(_Spec(Motion, ("item_id", "person_id", "order")),
                  Motion.objects.filter(forbund_id__in=fpks, item_id__in=motion_items), motions)
        self.sync(_Spec(ProtocolNote, ("item_id", "person_id")),
                  ProtocolNote.objects.filter(forbund_id__in=fpks, item_id__in=note_items), notes)
        votes, reservations = [], []
        for d in dec:
            for n, v in enumerate(d["_doc"].get("votes") or []):
                votes.append({"_at": (*d["_at"], "votes", n), "forbund_id": d["forbund_id"], "decision_id": d["_pk"], "person_id": P[v["person"]],
                              "vote": v["vote"], "extra": v.get("extra") or None})
            for n, r in enumerate(d["_doc"].get("reservations") or []):
                reservations.append({"_at": (*d["_at"], "reservations", n), "forbund_id": d["forbund_id"], "decision_id": d["_pk"],
                                     "person_id": P[r["person"]], "reason": r.get("reason"),
                                     "extra": r.get("extra") or None})
        self.sync(_Spec(Vote, ("decision_id", "person_id")), Vote.objects.filter(forbund_id__in=fpks), votes)
        self.sync(_Spec(Reservation, ("decision_id", "person_id")), Reservation.objects.filter(forbund_id__in=fpks),
                  reservations)
        # The minutes after every other row of their meeting, and `adjusted` after their adjusters: the
        # database refuses rows added under adjusted minutes (samordna/protokoll/freeze.py).
        self.sync(_Spec(Minutes, ("meeting_id",), late=("adjusted",)), Minutes.objects.filter(forbund_id__in=fpks),
                  minutes)
        self.justering(P, minutes)

    def justering(self, P, minutes: list[dict]) -> None:
        """The minutes' justering record (versions by their hash, confirmations) and anslag, of the minutes whose
        objects carry them (docs/exchange.md)."""
        fpks = list(self.fpk.values())
        versions, anslag, with_versions, with_confirmations, with_anslag = [], [], [], [], []
        for mn in minutes:
            doc, base = mn["_doc"], {"forbund_id": mn["forbund_id"], "minutes_id": mn["_pk"]}
            if "versions" in doc:
                with_versions.append(mn["_pk"])
                for n, v in enumerate(doc.get("versions") or []):
                    versions.append({**base, "_at": (*mn["_at"], "versions", n), "number": v["number"],
                                     "sha256": v["sha256"], "source_sha256": v.get("source_sha256") or "",
                                     "created_at": _dt(v["created"]), "extra": v.get("extra") or None})
            if "anslag" in doc:
                with_anslag.append(mn["_pk"])
                a = doc.get("anslag")
                if a:
                    anslag.append({**base, "_at": (*mn["_at"], "anslag"), "posted": _d(a["posted"]),
                                   "appeal_until": _d(a["appeal_until"]), "taken_down": _d(a.get("taken_down")),
                                   "kept_at": a.get("kept_at") or "", "posted_by_name": a.get("posted_by") or "",
                                   "paragraphs": a.get("paragraphs") or "", "extra": a.get("extra") or None})
        self.sync(_Spec(ProtocolVersion, ("minutes_id", "number"), keep=("pdf", "created_by_id"),
                        source={"created_at": ("created",)}),
                  ProtocolVersion.objects.filter(forbund_id__in=fpks, minutes_id__in=with_versions), versions)
        version_pk = {(v["minutes_id"], v["number"]): v["_pk"] for v in versions}
        confirmations = []
        for mn in minutes:
            doc = mn["_doc"]
            if "confirmations" not in doc:
                continue
            with_confirmations.append(mn["_pk"])
            for n, c in enumerate(doc.get("confirmations") or []):
                confirmations.append({
                    "_at": (*mn["_at"], "confirmations", n), "forbund_id": mn["forbund_id"], "minutes_id": mn["_pk"],
                    "version_id": version_pk.get((mn["_pk"], c["version"])), "person_id": P[c["person"]],
                    "user_label": c.get("signed_in_as") or "", "confirmed_at": _dt(c["confirmed"]),
                    "sha256": c["sha256"], "extra": c.get("extra") or None})
        missing = [c for c in confirmations if c["version_id"] is None]
        for c in missing:  # a version the file does not list (it carries confirmations without versions)
            self.problem((*c["_at"], "version"), None, "refers to a version these minutes' 'versions' do not list")
        if missing:
            self.refusing = True
            return
        self.sync(_Spec(Confirmation, ("version_id", "person_id"), keep=("user_id",),
                        source={"user_label": ("signed_in_as",), "confirmed_at": ("confirmed",)}),
                  Confirmation.objects.filter(forbund_id__in=fpks, minutes_id__in=with_confirmations), confirmations)
        self.sync(_Spec(Anslag, ("minutes_id",), keep=("posted_by_id",), source={"posted_by_name": ("posted_by",)}),
                  Anslag.objects.filter(forbund_id__in=fpks, minutes_id__in=with_anslag), anslag)

    # Links of a matter to rows written after the items (budgets, annual reports, samråd): a second pass.
    _MATTER_LINKS = ("budget_id", "annual_report_id", "consultation_id")

    def matters(self) -> None:
        """The diarium's matters and documents of the förbund whose objects carry them (docs/exchange.md); a
        förbund without `matters` (or `documents`) keeps those it has."""
        self.matter: dict[str, int] = {}
        self.matter_rows: list[dict] = []
        carried = [(i, f) for i, f in self.forbund_docs if "matters" in f]
        rows = []
        for i, f in carried:
            fk = self.fpk[f["id"]]
            for j, m in enumerate(f.get("matters") or []):
                own = m["id"] if m["id"] != matter_exchange_id(f["id"], m["year"], m["serial"]) else None
                rows.append({"_at": ("forbund", i, "matters", j), "forbund_id": fk, "year": m["year"],
                             "serial": m["serial"], "dnr": m["dnr"], "registered": _d(m["registered"]),
                             "title": m.get("title") or "", "status": m.get("status") or "open",
                             "kind": m.get("kind") or "other", "direction": m.get("direction") or "drawn_up",
                             "counterpart": m.get("counterpart") or "", "secret": bool(m.get("secret")),
                             "osl_ground": m.get("osl_ground") or "", "insats_id": self.insats.get(m.get("insats")),
                             "closed": _d(m.get("closed")), "external_id": own, "extra": m.get("extra") or None,
                             "_doc": m, "_forbund": f})
        fks = [self.fpk[f["id"]] for _, f in carried]
        self.sync(_Spec(Matter, ("forbund_id", "year", "serial"), keep=self._MATTER_LINKS,
                        source={"insats_id": ("insats",)}), Matter.objects.filter(forbund_id__in=fks), rows)
        self.matter = {r["_doc"]["id"]: r["_pk"] for r in rows}
        self.matter_rows = rows
        carried = [(i, f) for i, f in self.forbund_docs if "documents" in f]
        documents = []
        for i, f in carried:
            for j, d in enumerate(f.get("documents") or []):
                documents.append({
                    "_at": ("forbund", i, "documents", j), "forbund_id": self.fpk[f["id"]],
                    "matter_id": self.matter.get(d.get("matter")) if d.get("matter") else None,
                    "title": d.get("title") or "", "original_name": d["filename"],
                    "content_type": d.get("content_type") or "", "size": d["size"], "sha256": d["sha256"],
                    "classification": d.get("classification") or "internal", "osl_ground": d.get("osl_ground") or "",
                    "registered": _d(d["registered"]), "extra": d.get("extra") or None})
        fks = [self.fpk[f["id"]] for _, f in carried]
        # the file itself is never in the exchange: an imported document has none until one is uploaded
        self.sync(_Spec(Document, ("forbund_id", "matter_id", "sha256"), keep=("file", "uploaded_by_id"),
                        source={"original_name": ("filename",), "matter_id": ("matter",)}),
                  Document.objects.filter(forbund_id__in=fks), documents)

    def matter_links(self) -> None:
        """The second pass over the matters: their links to budgets, annual reports and samråd, written now
        that those rows are (only what differs; counted as updates)."""
        if not self.matter_rows:
            return
        budgets, annual = {}, {}
        if not self.checking:
            fpks = [r["forbund_id"] for r in self.matter_rows]
            budgets = {(fk, y): pk for pk, fk, y in Budget.objects.filter(forbund_id__in=fpks)
                       .values_list("id", "forbund_id", "year")}
            annual = {(fk, y): pk for pk, fk, y in AnnualReport.objects.filter(forbund_id__in=fpks)
                      .values_list("id", "forbund_id", "year")}
        consultations = self.consultation_pk
        rows = []
        for r in self.matter_rows:
            m = r["_doc"]
            row = {k: v for k, v in r.items() if not k.startswith("_")}
            row.update({"_at": r["_at"], "budget_id": budgets.get((r["forbund_id"], m.get("budget"))),
                        "annual_report_id": annual.get((r["forbund_id"], m.get("annual_report"))),
                        "consultation_id": consultations.get(m.get("consultation"))})
            rows.append(row)
        others = tuple(f.attname for f in Matter._meta.concrete_fields
                       if not f.primary_key and f.attname not in (*self._MATTER_LINKS, "forbund_id", "year", "serial"))
        self.sync(_Spec(Matter, ("forbund_id", "year", "serial"), keep=others,
                        source={"budget_id": ("budget",), "annual_report_id": ("annual_report",),
                                "consultation_id": ("consultation",)}),
                  Matter.objects.filter(pk__in=[r["_pk"] for r in self.matter_rows]), rows, count=False)

    def insats_children(self, M, items) -> None:
        fpks = list(self.fpk.values())
        anchoring, funding, reports = [], [], []
        for i, f in self.forbund_docs:
            fk = self.fpk[f["id"]]
            for j, ins in enumerate(f.get("insatser") or []):
                ik = self.insats[ins["id"]]
                at = ("forbund", i, "insatser", j)
                for n, a in enumerate(ins.get("anchoring") or []):
                    anchoring.append({"_at": (*at, "anchoring", n), "forbund_id": fk, "insats_id": ik, "member_id": M[a["member"]],
                                      "date": _d(a.get("date")), "extra": a.get("extra") or None})
                for n, fu in enumerate(ins.get("funding") or []):
                    funding.append({"_at": (*at, "funding", n), "forbund_id": fk, "insats_id": ik, "year": fu["year"], "amount": fu["amount"],
                                    "decided_in_id": items.get(fu.get("decided_in")), "extra": fu.get("extra") or None})
                for n, r in enumerate(ins.get("reports") or []):
                    parts = r.get("participants") or {}
                    reports.append({"_at": (*at, "reports", n), "forbund_id": fk, "insats_id": ik, "date": _d(r["date"]), "kind": r.get("kind"),
                                    "presented_in_id": items.get(r.get("presented_in")),
                                    "participants_women": parts.get("women"), "participants_men": parts.get("men"),
                                    "participants_other": parts.get("other"),
                                    "participants_extra": parts.get("extra") or None,
                                    "outcomes": r.get("outcomes") or None, "extra": r.get("extra") or None})
        self.sync(_Spec(Anchoring, ("insats_id", "member_id"), keep=("by",)), Anchoring.objects.filter(forbund_id__in=fpks),
                  anchoring)
        self.sync(_Spec(Funding, ("insats_id", "year")), Funding.objects.filter(forbund_id__in=fpks), funding)
        source = {f"participants_{k}": ("participants", k) for k in ("women", "men", "other", "extra")}
        self.sync(_Spec(Report, ("insats_id", "date"), source=source, keep=("success_factors",)), Report.objects.filter(forbund_id__in=fpks),
                  reports)

    def finance(self, M, items) -> None:
        fpks = list(self.fpk.values())
        budgets, annual = [], []
        for i, f in self.forbund_docs:
            fk = self.fpk[f["id"]]
            for j, b in enumerate(f.get("budgets") or []):
                alloc = b.get("allocations") or {}
                budgets.append({"_at": ("forbund", i, "budgets", j), "forbund_id": fk, "year": b["year"], "adopted": _d(b.get("adopted")),
                                "decided_in_id": items.get(b.get("decided_in")),
                                "allocation_insatser": alloc.get("insatser"),
                                "allocation_administration": alloc.get("administration"),
                                "allocations_extra": alloc.get("extra") or None, "extra": b.get("extra") or None,
                                "_doc": b})
            for j, ar in enumerate(f.get("annual_reports") or []):
                annual.append({"_at": ("forbund", i, "annual_reports", j), "forbund_id": fk, "year": ar["year"], "made": _d(ar.get("made")),
                               "delivered_to_members": _d(ar.get("delivered_to_members")), "equity": ar.get("equity"),
                               "extra": ar.get("extra") or None, "_doc": ar})
        source = {"allocation_insatser": ("allocations", "insatser"),
                  "allocation_administration": ("allocations", "administration"),
                  "allocations_extra": ("allocations", "extra")}
        self.sync(_Spec(Budget, ("forbund_id", "year"), source=source), Budget.objects.filter(forbund_id__in=fpks),
                  budgets)
        self.sync(_Spec(AnnualReport, ("forbund_id", "year"), keep=("decided_in_id", "story", "document_id")), AnnualReport.objects.filter(forbund_id__in=fpks), annual)
        contributions, consulted, audits, discharges = [], [], [], []
        for b in budgets:
            base = {"forbund_id": b["forbund_id"], "budget_id": b["_pk"]}
            for n, c in enumerate(b["_doc"].get("contributions") or []):
                contributions.append({**base, "_at": (*b["_at"], "contributions", n), "member_id": M[c["member"]], "amount": c["amount"],
                                      "extra": c.get("extra") or None})
            for n, c in enumerate(b["_doc"].get("consulted") or []):
                consulted.append({**base, "_at": (*b["_at"], "consulted", n), "member_id": M[c["member"]], "date": _d(c.get("date")), "how": c.get("how"),
                                  "extra": c.get("extra") or None})
        for ar in annual:
            base = {"forbund_id": ar["forbund_id"], "annual_report_id": ar["_pk"]}
            audit = ar["_doc"].get("audit")
            if audit:
                audits.append({**base, "_at": (*ar["_at"], "audit"), "report_date": _d(audit.get("report_date")), "extra": audit.get("extra") or None,
                               "delivered_to": [M[m] for m in audit.get("delivered_to") or []], "_doc": audit})
            for n, d in enumerate(ar["_doc"].get("discharge") or []):
                discharges.append({**base, "_at": (*ar["_at"], "discharge", n), "member_id": M[d["member"]], "decision": d["decision"],
                                   "date": _d(d.get("date")), "extra": d.get("extra") or None})
        self.sync(_Spec(Contribution, ("budget_id", "member_id")), Contribution.objects.filter(forbund_id__in=fpks),
                  contributions)
        self.sync(_Spec(Consulted, ("budget_id", "member_id")), Consulted.objects.filter(forbund_id__in=fpks),
                  consulted)
        self.sync(_Spec(Audit, ("annual_report_id",), keep=("delivered_to_board", "document_id")), Audit.objects.filter(forbund_id__in=fpks), audits)
        self.sync(_Spec(Discharge, ("annual_report_id", "member_id"), keep=("document_id",)), Discharge.objects.filter(forbund_id__in=fpks),
                  discharges)
        remarks = []
        for a in audits:
            for n, r in enumerate(a["_doc"].get("remarks") or []):
                resp = r.get("response") or {}
                remarks.append({"_at": (*a["_at"], "remarks", n), "forbund_id": a["forbund_id"], "audit_id": a["_pk"], "external_id": r["id"],
                                "text": r.get("text"), "response_date": _d(resp.get("date")),
                                "response_decided_in_id": items.get(resp.get("decided_in")),
                                "response_extra": resp.get("extra") or None, "extra": r.get("extra") or None})
        self.sync(_Spec(Remark, ("external_id",), keep=("response_item_id",)), Remark.objects.filter(forbund_id__in=fpks), remarks)

    def notices(self, M, items) -> None:
        rows = []
        for i, f in self.forbund_docs:
            for j, n in enumerate(f.get("notices") or []):
                rows.append({"_at": ("forbund", i, "notices", j), "forbund_id": self.fpk[f["id"]], "external_id": n["id"], "date": _d(n.get("date")),
                             "subject": n.get("subject"), "about_id": items.get(n.get("about")),
                             "extra": n.get("extra") or None, "recipients": [M[m] for m in n.get("recipients") or []]})
        self.sync(_Spec(Notice, ("external_id",), keep=("text",)), Notice.objects.filter(forbund_id__in=list(self.fpk.values())), rows)

    def consultations(self, P, M) -> None:
        docs = self.doc.get("consultations") or []
        ids = [c["id"] for c in docs]
        fpks = set(self.fpk.values())
        # A consultation may also cover förbund that this file does not contain: those stay covered.
        kept: dict[str, list[int]] = defaultdict(list)
        through = Consultation.forbund.through
        covered = [] if self.checking else through.objects.filter(consultation__external_id__in=ids).values_list(
            "consultation__external_id", "forbund_id")
        for ext, fk in covered:
            if fk not in fpks:
                kept[ext].append(fk)
        rows = []
        for n, c in enumerate(docs):
            conv = c.get("convener") or {}
            rows.append({"_at": ("consultations", n), "external_id": c["id"], "kind": c["kind"], "date": _d(c["date"]),
                         "convener_person_id": P.get(conv.get("person")),
                         "convener_appointed_by_id": M.get(conv.get("appointed_by")),
                         "convener_extra": conv.get("extra") or None, "extra": c.get("extra") or None,
                         "forbund": [self.fpk[f] for f in c.get("forbund") or []] + kept[c["id"]], "_doc": c})
        self.sync(_Spec(Consultation, ("external_id",), keep=_CONSULTATION_KEEP),
                  Consultation.objects.filter(external_id__in=ids), rows)
        self.consultation_pk = {r["external_id"]: r["_pk"] for r in rows}
        cpks = [r["_pk"] for r in rows]
        participants, agenda, decisions = [], [], []
        for r in rows:
            c, ck = r["_doc"], r["_pk"]
            for n, p in enumerate(c.get("participants") or []):
                participants.append({"_at": (*r["_at"], "participants", n), "consultation_id": ck, "person_id": P[p["person"]],
                                     "represents_id": M.get(p.get("represents")),
                                     "for_forbund_id": self.fpk.get(p.get("for_forbund")),
                                     "capacity": p.get("capacity"), "reply": p.get("reply"),
                                     "attended": p.get("attended"), "extra": p.get("extra") or None})
            for n, a in enumerate(c.get("agenda") or []):
                agenda.append({"_at": (*r["_at"], "agenda", n), "consultation_id": ck, "position": n, "title": a.get("title"), "topic": a.get("topic"),
                               "notes": a.get("notes") or None, "extra": a.get("extra") or None})
            for n, text in enumerate(c.get("decisions") or []):
                decisions.append({"_at": (*r["_at"], "decisions", n), "consultation_id": ck, "position": n, "text": text, "extra": None})
        # Participants on behalf of förbund outside the file are left as they are.
        outside = (models.Q(represents__isnull=False) & ~models.Q(represents__forbund_id__in=fpks)) | (
            models.Q(for_forbund__isnull=False) & ~models.Q(for_forbund_id__in=fpks))
        self.sync(_Spec(Participant, ("consultation_id", "person_id"), keep=("invited_on", "replied_on")),
                  Participant.objects.filter(consultation_id__in=cpks).exclude(outside), participants)
        self.sync(_Spec(AgendaItem, ("consultation_id", "position")),
                  AgendaItem.objects.filter(consultation_id__in=cpks), agenda)
        self.sync(_Spec(ConsultationDecision, ("consultation_id", "position"), source={"text": ()}),
                  ConsultationDecision.objects.filter(consultation_id__in=cpks), decisions)


class _DryRun(Exception):
    pass


def document_problems(doc: Any) -> list[Problem]:
    """Every problem of a document alone: validate_document's, then (when it has none) the limits of the
    database's columns, found by the import's checking pass, which reads and writes nothing. What `samordna
    check --file` refuses; `import_document` refuses these and those that need the database."""
    problems = validate_document(doc)
    if problems:
        return problems
    importer = _Importer(doc, None, ImportResult(dry_run=True))
    importer.checking = True
    importer.stages()
    return importer.problems


def import_document(doc: Any, *, dry_run: bool = False, user=None, reason: str | None = None) -> ImportResult:
    """Validate `doc` and write it in one transaction (rolled back in a dry run); DocumentError if invalid.

    `user` (a Samordna user) and `reason` (e.g. which file, run by whom) are recorded on every history row.
    """
    problems = validate_document(doc)
    if problems:
        raise DocumentError(problems)
    result = ImportResult(dry_run=dry_run)
    try:
        with transaction.atomic(), services.action(
            "exchange.imported", user=user, source="import", summary=reason or "",
            data={"forbund": [f.get("id") for f in doc.get("forbund") or []]},
        ) as record:
            importer = _Importer(doc, user, result, reason)
            importer.run()
            record.data["rows"] = {what: result.total(what) for what in ("created", "updated", "deleted")}
            if result.changed:
                # Bulk writes send no signals: mark the förbund of the file (and, through them, every förbund
                # whose findings read them) and those whose data refers to a person of the file.
                from samordna.checks.store import mark, person_forbund

                mark([*importer.fpk.values(), *person_forbund(list(importer.person.values()))])
            if dry_run or not result.changed:  # nothing written: no action recorded either
                raise _DryRun
    except _DryRun:
        pass
    return result
