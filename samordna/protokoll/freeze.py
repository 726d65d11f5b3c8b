"""The freeze of adjusted minutes: once `Minutes.adjusted` is set, the meeting and all its rows stay as
they were adjusted. A correction is a new decision at a later meeting ("Rättelse av § N", models.Correction).

Three layers refuse a change, so that no path past one of them changes an adjusted protokoll:

1. Services: every state change of a meeting's data calls `ensure_not_adjusted(meeting)` first (a
   DomainError in Swedish, shown on the form).
2. Models: `guard(row)` runs in every `ForbundOwned` row's `clean()` and `save()` (lib/models.py
   `WRITE_GUARDS`), so the admin (its forms show the error) and any other `save()` refuse too; the
   adjusters (a many-to-many) are guarded by an `m2m_changed` receiver. The importer's bulk writes do not
   pass there: it checks itself (exchange/importer.py, `frozen` in `_Importer.sync`) and reports each change
   of an adjusted meeting as a problem with its JSON path (exit 2).
3. The database: triggers (`trigger_sql`) refuse an UPDATE of such a row and an INSERT of a child under
   an adjusted meeting, on SQLite and PostgreSQL. Migration 0002 creates them; since SQLite cannot remake
   a table (what Django does to add a NOT NULL column) while a trigger elsewhere names it, every `migrate`
   drops them first (pre_migrate) and creates them again at its end (post_migrate), from `TABLES`.

What stays allowed: `Minutes.published` (the anslag is posted after justering) and `Minutes.extra`; the
first setting of `Minutes.adjusted`. DELETE is never blocked by the database, because a förbund's deletion
cascades through its meetings and the tests flush the database; the services and the importer refuse to
delete an adjusted meeting's rows. Item.insats is set to NULL by the database when an insats is deleted
(SET_NULL), so the item's trigger watches every column but that one.

A new model under a meeting (yrkanden, protokollsanteckningar, …) is frozen by adding it to `FROZEN` and
its table to `TABLES` (the next `migrate` creates its triggers).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

from samordna.lib.services import DomainError

# model label -> the lookup from a row to its meeting's id
FROZEN = {
    "meetings.meeting": "id",
    "meetings.attendance": "meeting_id",
    "meetings.item": "meeting_id",
    "meetings.minutes": "meeting_id",
    "meetings.recusal": "item__meeting_id",
    "meetings.itemsubstitute": "item__meeting_id",
    "meetings.decision": "item__meeting_id",
    "meetings.vote": "decision__item__meeting_id",
    "meetings.reservation": "decision__item__meeting_id",
    "protokoll.correction": "item__meeting_id",
    "meetings.motion": "item__meeting_id",
    "meetings.protocolnote": "item__meeting_id",
}
# The tables with triggers: (table, how a row reaches its meeting, through which column, UPDATE OF columns).
# Item: every column but insats_id, which the database sets to NULL when an insats is deleted (SET_NULL).
ITEM_COLUMNS = ["id", "forbund_id", "extra", "meeting_id", "external_id", "number", "title", "kind",
                "personnel_or_election", "major", "documents_sent", "presenter_id", "proposal", "matter_id",
                "immediate_adjust", "sent_to"]
TABLES = [
    ("meetings_meeting", "meeting", "id", None),
    ("meetings_attendance", "meeting", "meeting_id", None),
    ("meetings_item", "meeting", "meeting_id", ITEM_COLUMNS),
    ("meetings_minutes", "meeting", "meeting_id", None),
    ("meetings_minutes_adjusters", "minutes", "minutes_id", None),
    ("meetings_recusal", "item", "item_id", None),
    ("meetings_itemsubstitute", "item", "item_id", None),
    ("meetings_decision", "item", "item_id", None),
    ("meetings_vote", "decision", "decision_id", None),
    ("meetings_reservation", "decision", "decision_id", None),
    ("protokoll_correction", "item", "item_id", None),
    ("meetings_motion", "item", "item_id", None),
    ("meetings_protocolnote", "item", "item_id", None),
]
# Minutes fields that may change after justering.
MINUTES_FREE = ("published", "extra")


def _message(meeting_date, adjusted):
    from samordna.web.templatetags.samordna import datum

    return _("Protokollet för sammanträdet %(date)s är justerat (%(adjusted)s) och kan inte ändras. "
             "En rättelse görs som ett nytt beslut vid ett senare sammanträde (”Rättelse av § …”).") % {
        "date": datum(meeting_date), "adjusted": datum(adjusted)}


def _minutes():
    return apps.get_model("meetings", "Minutes")


def adjusted_on(meeting_id):
    """The date the meeting's minutes were adjusted, as stored; None when not adjusted."""
    if meeting_id is None:
        return None
    return _minutes()._base_manager.filter(meeting_id=meeting_id, adjusted__isnull=False).values_list(
        "adjusted", flat=True).first()


def ensure_not_adjusted(meeting) -> None:
    """Refuse (DomainError) when the meeting's minutes are adjusted: call it first in every service that
    changes a meeting, its attendance, items, jäv, substitutes, decisions, votes, reservations or minutes."""
    adjusted = adjusted_on(meeting.pk)
    if adjusted is not None:
        raise DomainError(_message(meeting.date, adjusted), code="adjusted")


def _meeting_ids(instance, path: str) -> set:
    """The meeting the row belongs to as stored and as it would be saved."""
    model = type(instance)
    ids = set()
    if path == "id":
        return {instance.pk} if instance.pk else set()
    if instance.pk is not None:
        stored = model._base_manager.filter(pk=instance.pk).values_list(path, flat=True).first()
        ids.add(stored)
    first, _sep, rest = path.partition("__")
    if not rest:  # "meeting_id": the row's own column
        ids.add(getattr(instance, first))
    else:
        field = model._meta.get_field(first)
        parent_id = getattr(instance, field.attname)
        if parent_id is not None:
            ids.add(field.related_model._base_manager.filter(pk=parent_id).values_list(rest, flat=True).first())
    ids.discard(None)
    return ids


def _refuse(meeting_id, adjusted):
    meeting = apps.get_model("meetings", "Meeting")._base_manager.filter(pk=meeting_id).only("date").first()
    raise DomainError(_message(meeting.date if meeting else None, adjusted), code="adjusted")


def guard(instance) -> None:
    """Refuse to write a row of an adjusted meeting (registered in lib.models.WRITE_GUARDS)."""
    label = instance._meta.label_lower
    path = FROZEN.get(label)
    if path is None:
        return
    if label == "meetings.minutes":
        if instance.pk is None:
            return
        stored = _minutes()._base_manager.filter(pk=instance.pk).values("adjusted", "meeting_id", "forbund_id").first()
        if stored is None or stored["adjusted"] is None:
            return
        if any(getattr(instance, name) != value for name, value in stored.items()):
            _refuse(stored["meeting_id"], stored["adjusted"])
        return
    ids = _meeting_ids(instance, path)
    if not ids:
        return
    found = _minutes()._base_manager.filter(meeting_id__in=ids, adjusted__isnull=False).values_list(
        "meeting_id", "adjusted").first()
    if found:
        _refuse(*found)


def guard_adjusters(sender, instance, action, pk_set=None, reverse=False, **kwargs) -> None:
    """The adjusters of adjusted minutes never change (m2m_changed of Minutes.adjusters)."""
    if not action.startswith("pre_"):
        return
    Minutes = _minutes()
    if reverse:  # person.<reverse>.add(minutes…): the minutes are in pk_set
        found = Minutes._base_manager.filter(pk__in=pk_set or (), adjusted__isnull=False).values_list(
            "meeting_id", "adjusted").first()
        if found:
            _refuse(*found)
        return
    adjusted = Minutes._base_manager.filter(pk=instance.pk).values_list("adjusted", flat=True).first()
    if adjusted is not None:
        _refuse(instance.meeting_id, adjusted)


def connect() -> None:
    from django.db.models.signals import m2m_changed

    from samordna.lib.models import WRITE_GUARDS

    if guard not in WRITE_GUARDS:
        WRITE_GUARDS.append(guard)
    m2m_changed.connect(guard_adjusters, sender=_minutes().adjusters.through,
                        dispatch_uid="samordna.protokoll.freeze.adjusters")


# The database's triggers ------------------------------------------------------------------------------

SQL_MESSAGE = ("Protokollet är justerat: sammanträdets uppgifter kan inte ändras "
               "(en rättelse görs som ett nytt beslut)")


def _adjusted_sql(parent: str, ref: str) -> str:
    """SQL true when the meeting of `ref` (e.g. NEW.item_id) has adjusted minutes."""
    if parent == "meeting":
        return (f"EXISTS (SELECT 1 FROM meetings_minutes fm WHERE fm.meeting_id = {ref} "
                "AND fm.adjusted IS NOT NULL)")
    if parent == "minutes":
        return f"EXISTS (SELECT 1 FROM meetings_minutes fm WHERE fm.id = {ref} AND fm.adjusted IS NOT NULL)"
    if parent == "item":
        return ("EXISTS (SELECT 1 FROM meetings_item fi JOIN meetings_minutes fm ON fm.meeting_id = fi.meeting_id "
                f"WHERE fi.id = {ref} AND fm.adjusted IS NOT NULL)")
    if parent == "decision":
        return ("EXISTS (SELECT 1 FROM meetings_decision fd JOIN meetings_item fi ON fi.id = fd.item_id "
                "JOIN meetings_minutes fm ON fm.meeting_id = fi.meeting_id "
                f"WHERE fd.id = {ref} AND fm.adjusted IS NOT NULL)")
    raise ValueError(parent)


def _conditions(table: str, parent: str, column: str, vendor: str) -> dict[str, str]:
    """Per operation (UPDATE, INSERT), the condition under which the row is refused."""
    distinct = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    if table == "meetings_minutes":
        changed = " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in ("adjusted", "meeting_id", "forbund_id"))
        return {"UPDATE": f"OLD.adjusted IS NOT NULL AND ({changed})"}
    conditions = {"UPDATE": f"{_adjusted_sql(parent, f'OLD.{column}')} OR {_adjusted_sql(parent, f'NEW.{column}')}"}
    if column != "id":  # a child row: not inserted under an adjusted meeting
        conditions["INSERT"] = _adjusted_sql(parent, f"NEW.{column}")
    return conditions


def trigger_sql(vendor: str, table: str, parent: str, column: str, update_of=None) -> list[str]:
    """The statements that create the triggers refusing writes to `table`'s rows of adjusted meetings.

    `parent` is how the row reaches its meeting ("meeting", "item", "decision" or "minutes") through
    `column`; `update_of` limits the UPDATE trigger to these columns (Item: every column but insats_id)."""
    statements = []
    for op, condition in _conditions(table, parent, column, vendor).items():
        name = f"protokoll_frozen_{table}_{op.lower()}"
        of = f" OF {', '.join(update_of)}" if op == "UPDATE" and update_of else ""
        if vendor == "sqlite":
            statements.append(f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op}{of} ON {table} FOR EACH ROW "
                              f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{SQL_MESSAGE}'); END")
        else:
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
                f"IF {condition} THEN RAISE EXCEPTION '{SQL_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
                "END IF; RETURN NEW; END $fn$")
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(f"CREATE TRIGGER {name} BEFORE {op}{of} ON {table} FOR EACH ROW "
                              f"EXECUTE FUNCTION {name}()")
    return statements


def drop_sql(vendor: str, table: str) -> list[str]:
    statements = []
    for op in ("update", "insert"):
        name = f"protokoll_frozen_{table}_{op}"
        if vendor == "sqlite":
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(f"DROP FUNCTION IF EXISTS {name}()")
    return statements


def install(tables):
    """A RunPython forwards function creating the triggers of `tables` [(table, parent, column, update_of)]."""

    def forwards(apps_, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            return
        for table, parent, column, update_of in tables:
            for statement in trigger_sql(vendor, table, parent, column, update_of):
                schema_editor.execute(statement, params=None)

    return forwards


def uninstall(tables):
    def backwards(apps_, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            return
        for table, *_rest in tables:
            for statement in drop_sql(vendor, table):
                schema_editor.execute(statement, params=None)

    return backwards


def _existing(connection, tables):
    names = set(connection.introspection.table_names())
    return [t for t in tables if t[0] in names]


def drop_all(using="default", **kwargs) -> None:
    """pre_migrate: the triggers go while migrations run (see the module docstring)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        for table, *_rest in _existing(connection, TABLES):
            for statement in drop_sql(connection.vendor, table):
                cursor.execute(statement)


def install_all(using="default", **kwargs) -> None:
    """post_migrate (and after a flush): the triggers of every table in TABLES that exists."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        for table, parent, column, update_of in _existing(connection, TABLES):
            for statement in trigger_sql(connection.vendor, table, parent, column, update_of):
                cursor.execute(statement)
