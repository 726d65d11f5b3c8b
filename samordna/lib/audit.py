"""The audit trail (Händelselogg): who changed what, and when, read from django-simple-history.

Each app registers its audited models with the lookup that ties a historical row to a förbund.
History rows are written by simple-history's signal handlers inside the same transaction as the
change, so a crash can never leave a change without its history.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class _Audited:
    model: type
    forbund_filter: Callable[..., Q]
    related: tuple[str, ...]
    secret: frozenset[str]


_REGISTRY: list[_Audited] = []

ACTIONS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}


def register(model, forbund_filter, *, related=(), secret=()) -> None:
    """Audit `model`; `forbund_filter(forbund)` returns the Q that picks its historical rows of one förbund.

    The Q must depend on the förbund's pk alone (the log's SQL is built once per förbund and kept).

    `related` names the relations the model's __str__ reads, fetched once for a page of the log instead of
    once per row; `secret` names fields whose values the log never shows, only that they changed.
    """
    if all(audited.model is not model for audited in _REGISTRY):
        _REGISTRY.append(_Audited(model, forbund_filter, tuple(related), frozenset(secret)))


def _audited(model) -> _Audited | None:
    return next((audited for audited in _REGISTRY if audited.model is model), None)


_HISTORY_MODELS: dict[type, type] = {}
# The SQL of each förbund's history keys, by (database, registry size, förbund pk); a filter depends only on
# the förbund's pk, so the SQL of one pk never changes. Bounded: cleared when it holds this many.
_KEYS_SQL: dict[tuple, tuple[str, tuple]] = {}
_KEYS_SQL_MAX = 1024
_NO_LIMIT = 2**62  # LIMIT for a slice without an end (SQLite and PostgreSQL both need a number with OFFSET)


def _history_model(audited: _Audited) -> type:
    """The model's historical model (reading `model.history` builds a new manager class every time)."""
    if audited.model not in _HISTORY_MODELS:
        _HISTORY_MODELS[audited.model] = audited.model.history.model
    return _HISTORY_MODELS[audited.model]


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    model: str
    obj: str
    # (field, old, new); old and new are None for a secret field, which is shown only as changed.
    changes: list[tuple[str, str | None, str | None]]
    # The id of the named action (audit.Action) that wrote the row, if any; `act` once attached.
    action_id: int | None = None
    act: object = None


class History:
    """A förbund's historical rows of every audited model, newest first, counted and sliced in the database.

    The Händelselogg pages through it (Paginator calls count() and takes a slice). The history tables are
    ordered together by a UNION ALL of (history_date, model, history_id), so a page costs a count, one query
    for its keys and one per model among its rows, whichever page it is and however long the history. The
    UNION's SQL (a part per audited model) is built once per förbund and process, not on every request.
    """

    def __init__(self, forbund):
        self.forbund = forbund

    def _sql(self) -> tuple[str, tuple]:
        key = (connection.alias, len(_REGISTRY), self.forbund.pk)
        if key not in _KEYS_SQL:
            parts = [
                _history_model(audited).objects.filter(audited.forbund_filter(self.forbund)).order_by()
                .annotate(audited_model=Value(index, output_field=IntegerField()))
                .values_list("history_date", "audited_model", "history_id")
                for index, audited in enumerate(_REGISTRY)
            ]
            sql, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
            if len(_KEYS_SQL) >= _KEYS_SQL_MAX:
                _KEYS_SQL.clear()
            _KEYS_SQL[key] = (sql, tuple(params))
        return _KEYS_SQL[key]

    def count(self) -> int:
        if not _REGISTRY:
            return 0
        sql, params = self._sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) history_keys", params)
            self._counted = cursor.fetchone()[0]
        return self._counted

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice):
            raise TypeError("History is read in slices (pages)")
        if not _REGISTRY:
            return []
        start = index.start or 0
        limit = _NO_LIMIT if index.stop is None else max(0, index.stop - start)
        sql, params = self._sql()
        # history_id breaks ties in time within a model and the model index across models, so each row has
        # one place in the order and no row is shown on two pages or on none.
        order, reverse = "history_date DESC, audited_model ASC, history_id DESC", False
        counted = getattr(self, "_counted", None)  # the Paginator counts before it slices
        if counted is not None and index.stop is not None and start > counted // 2:
            # A page in the older half is read from the oldest end, so no page sorts the whole history
            # past a long offset: the same rows, in the opposite order, turned round.
            stop = min(index.stop, counted)
            order, reverse, limit, start = "history_date ASC, audited_model DESC, history_id ASC", True, \
                max(0, stop - start), counted - stop
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT audited_model, history_id FROM ({sql}) history_keys ORDER BY {order} LIMIT %s OFFSET %s",
                (*params, limit, start),
            )
            keys = [(model, history_id) for model, history_id in cursor.fetchall()]
        if reverse:
            keys.reverse()
        wanted = defaultdict(list)
        for model, history_id in keys:
            wanted[model].append(history_id)
        loaded = {}
        for model, history_ids in wanted.items():
            history = _history_model(_REGISTRY[model])
            for row in history.objects.filter(history_id__in=history_ids).select_related("history_user"):
                loaded[model, row.history_id] = row
        return [loaded[key] for key in keys if key in loaded]  # less a row deleted in between


def history_rows(forbund, limit: int | None = None) -> list:
    """The historical rows of a förbund's data, newest first, the latest `limit` of them (or all)."""
    return History(forbund)[:limit]


def _key(row) -> tuple:
    """What identifies a historical row among several models' (each history table numbers its own rows)."""
    return type(row), row.history_id


def _previous_versions(rows) -> dict:
    """The version before each change, by the change's _key: one query per model, however many rows."""
    by_model = defaultdict(list)
    for row in rows:
        if row.history_type == "~":
            by_model[type(row)].append(row)
    found = {}
    for history, changed in by_model.items():
        pk = history.instance_type._meta.pk.attname
        # As simple-history's prev_record: the latest version of the same object before the change.
        before = history.objects.filter(**{pk: OuterRef(pk)}, history_date__lt=OuterRef("history_date"))
        wanted = history.objects.filter(history_id__in=[r.history_id for r in changed]).annotate(
            previous=Subquery(before.order_by("-history_date").values("history_id")[:1])
        ).values("previous")
        versions = defaultdict(list)
        for version in history.objects.filter(history_id__in=wanted):
            versions[getattr(version, pk)].append(version)
        for row in changed:
            earlier = [v for v in versions[getattr(row, pk)] if v.history_date < row.history_date]
            if earlier:
                found[_key(row)] = max(earlier, key=lambda v: v.history_date)
    return found


def _m2m_values(rows) -> dict:
    """The related pks each row's many-to-many fields held, by (field, history_id): one query per field."""
    by_field = defaultdict(set)
    for row in rows:
        for field in row._history_m2m_fields:
            by_field[field].add(row.history_id)
    values = defaultdict(list)
    for field, history_ids in by_field.items():
        target = f"{field.m2m_reverse_field_name()}_id"
        through = HistoricalRecords.m2m_models[field].objects.filter(history_id__in=history_ids)
        for history_id, pk in through.values_list("history_id", target):
            values[field, history_id].append(pk)
    return {key: tuple(sorted(pks)) for key, pks in values.items()}


def _names(wanted: dict) -> dict:
    """What related objects are called, by model and pk (one query per model, and per relation it names)."""
    names = {}
    for model, pks in wanted.items():
        objects = model._base_manager.in_bulk(pks)
        audited = _audited(model)
        if audited and audited.related:
            prefetch_related_objects(list(objects.values()), *audited.related)
        names[model] = {pk: str(obj) for pk, obj in objects.items()}
    return names


def _display(field, value, names) -> str:
    if value is None or value == "" or value == ():
        return "–"
    if field.is_relation:
        known = names.get(field.related_model, {})
        pks = value if field.many_to_many else (value,)
        return ", ".join(known.get(pk) or str(_("%(pk)s (borttagen)") % {"pk": pk}) for pk in pks)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    return str(value)


def diffs(pairs) -> list[list[tuple[str, str | None, str | None]]]:
    """The fields each change touched, old → new, for (historical row, the version before it) pairs.

    Related objects are named (looked up once for all pairs); a secret field gives (field, None, None).
    """
    m2m = _m2m_values([row for pair in pairs for row in pair])
    touched, wanted = [], defaultdict(set)
    for row, previous in pairs:
        audited = _audited(row.instance_type)
        secret = audited.secret if audited else frozenset()
        fields = []
        for field in row.tracked_fields:
            old, new = getattr(previous, field.attname), getattr(row, field.attname)
            if not field.primary_key and old != new:
                fields.append((field, old, new))
        for field in row._history_m2m_fields:
            old, new = m2m.get((field, previous.history_id), ()), m2m.get((field, row.history_id), ())
            if old != new:
                fields.append((field, old, new))
        for field, old, new in fields:
            if field.is_relation and field.name not in secret:
                for value in (old, new):
                    pks = value if field.many_to_many else (value,)
                    wanted[field.related_model].update(pk for pk in pks if pk is not None)
        touched.append((secret, fields))
    names = _names(wanted)
    return [
        [(capfirst(field.verbose_name), None, None) if field.name in secret
         else (capfirst(field.verbose_name), _display(field, old, names), _display(field, new, names))
         for field, old, new in fields]
        for secret, fields in touched
    ]


def _descriptions(rows) -> dict:
    """What each row is about (its object's __str__), by _key, with the relations it reads fetched once."""
    by_model = defaultdict(list)
    for row in rows:
        if row.history_type != "-":
            by_model[row.instance_type].append((_key(row), row.history_object))
    described = {}
    for model, objects in by_model.items():
        audited = _audited(model)
        if audited and audited.related:
            prefetch_related_objects([obj for _, obj in objects], *audited.related)
        described.update((key, str(obj)) for key, obj in objects)
    return described


def entries(rows) -> list[Entry]:
    """Händelselogg lines for historical rows: who, when, what, and the fields a change touched (old → new).

    The number of queries does not grow with the rows: versions, related objects and names are fetched
    once per model for all of them.
    """
    previous = _previous_versions(rows)
    changed = [row for row in rows if _key(row) in previous]
    pairs = [(row, previous[_key(row)]) for row in changed]
    changes = dict(zip(map(_key, changed), diffs(pairs), strict=True))
    described = _descriptions(rows)
    result = []
    for row in rows:
        who = str(row.history_user) if row.history_user else str(_("System (import eller kommando)"))
        if row.history_change_reason and not row.history_change_reason.startswith("#"):  # "#<id>": an action
            who = f"{who} – {row.history_change_reason}"
        reason = row.history_change_reason or ""
        action_id = int(reason[1:]) if reason.startswith("#") and reason[1:].isdigit() else None
        result.append(Entry(
            when=row.history_date, who=who, action=str(ACTIONS.get(row.history_type, row.history_type)),
            model=str(row.instance_type._meta.verbose_name).capitalize(),
            obj=described.get(_key(row)) or str(getattr(row, "name", "") or row.pk),
            changes=changes.get(_key(row), []), action_id=action_id,
        ))
    return result


def entries_for(forbund, limit: int = 200) -> list[Entry]:
    """The latest changes to a förbund's data, newest first, with the fields each change touched."""
    return entries(history_rows(forbund, limit))


def by_forbund_id(forbund) -> Q:
    """The usual filter: the historical row's own forbund_id."""
    return Q(forbund_id=forbund.pk)


def attribute(instance, user) -> None:
    """Name who makes the change, for code paths outside a request (CLI, import, services)."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user


# Named actions (samordna.lib.services.action) ------------------------------------------------------------

# Action name -> a translatable sentence with %(who)s, %(object)s and the action's data as placeholders.
_SENTENCES: dict[str, object] = {
    "exchange.imported": _("Uppgifter lästes in (import; %(who)s)"),
}


def describe_action(name: str, sentence) -> None:
    """Register how the Händelselogg says an action, e.g. ("board.renewed", _("Ny mandatperiod %(term)s
    skapades av %(who)s")). A placeholder the action's data lacks is shown as "–"."""
    _SENTENCES[name] = sentence


class _Values(dict):
    def __missing__(self, key):
        return "–"


def action_who(action) -> str:
    if action.user_id and action.user is not None:
        return str(action.user)
    label = action.user_label or ""
    return label.split(" <", 1)[0] if label else str(_("System (import eller kommando)"))


def action_sentence(action) -> str:
    """What the Händelselogg says about an action: its registered sentence, or its name and object."""
    values = _Values({key: "–" if value is None or value == "" else value
                      for key, value in (action.data or {}).items() if not isinstance(value, (dict, list))})
    values.update(who=action_who(action), object=action.object_repr or "–")
    sentence = _SENTENCES.get(action.name)
    if sentence is None and action.name.startswith("admin."):
        sentence = _("%(object)s ändrades i administrationen av %(who)s")
    if sentence is None:
        return f"{action.name}: {values['object']} ({values['who']})"
    try:
        return str(sentence) % values
    except (KeyError, TypeError, ValueError):
        return f"{action.name}: {values['object']} ({values['who']})"


def attach_actions(page_entries: list[Entry]) -> list[Entry]:
    """Give each entry written by a named action that action (`entry.act`, with `.sentence` and `.who`):
    one query for a page, however many entries."""
    from samordna.audit.models import Action

    ids = {e.action_id for e in page_entries if e.action_id is not None}
    actions = Action.objects.filter(pk__in=ids).select_related("user").in_bulk() if ids else {}
    for action in actions.values():
        action.sentence = action_sentence(action)
        action.who = action_who(action)
    for entry in page_entries:
        entry.act = actions.get(entry.action_id)
    return page_entries


def group_by_action(page_entries: list[Entry]) -> list[tuple[object, list[Entry]]]:
    """Consecutive entries of one action together, as (action or None, entries); a row without an action
    (old data, an import from before the actions) is a group of its own."""
    groups: list[tuple[object, list[Entry]]] = []
    for entry in page_entries:
        if entry.act is not None and groups and groups[-1][0] is entry.act:
            groups[-1][1].append(entry)
        else:
            groups.append((entry.act, [entry]))
    return groups
