"""The audit trail (Händelselogg): who changed what, and when, read from django-simple-history.

Each app registers its audited models with the lookup that ties a historical row to a förbund.
History rows are written by simple-history's signal handlers inside the same transaction as the
change, so a crash can never leave a change without its history.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

_REGISTRY: list[tuple[type, object]] = []

ACTIONS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}


def register(model, forbund_filter) -> None:
    """Audit `model`; `forbund_filter(forbund)` returns the Q that picks its historical rows of one förbund."""
    if all(registered is not model for registered, _ in _REGISTRY):
        _REGISTRY.append((model, forbund_filter))


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    model: str
    obj: str
    changes: list[tuple[str, str, str]]


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    return str(value)


def history_rows(forbund, limit: int = 500) -> list:
    """The latest historical rows of a förbund's data, newest first (diffs are made per shown page)."""
    rows = []
    for model, forbund_filter in _REGISTRY:
        history = model.history.model
        qs = history.objects.filter(forbund_filter(forbund)).select_related("history_user")
        rows.extend(qs.order_by("-history_date")[:limit])
    rows.sort(key=lambda r: r.history_date, reverse=True)
    return rows[:limit]


def entry(row) -> Entry:
    """One Händelselogg line: who, when, what, and the fields a change touched (old → new)."""
    changes = []
    if row.history_type == "~":
        previous = row.prev_record
        if previous is not None:
            delta = row.diff_against(previous)
            for change in delta.changes:
                field = row.instance_type._meta.get_field(change.field)
                changes.append((capfirst(field.verbose_name), _display(change.old), _display(change.new)))
    who = str(row.history_user) if row.history_user else str(_("System (import eller kommando)"))
    if row.history_change_reason:
        who = f"{who} – {row.history_change_reason}"
    return Entry(
        when=row.history_date, who=who, action=str(ACTIONS.get(row.history_type, row.history_type)),
        model=str(row.instance_type._meta.verbose_name).capitalize(), obj=str(row.history_object)
        if row.history_type != "-" else _display(getattr(row, "name", "") or row.pk),
        changes=changes,
    )


def entries_for(forbund, limit: int = 200) -> list[Entry]:
    """The latest changes to a förbund's data, newest first, with the fields each change touched."""
    return [entry(row) for row in history_rows(forbund, limit)]


def by_forbund_id(forbund) -> Q:
    """The usual filter: the historical row's own forbund_id."""
    return Q(forbund_id=forbund.pk)


def attribute(instance, user) -> None:
    """Name who makes the change, for code paths outside a request (CLI, import, services)."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
