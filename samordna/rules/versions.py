"""Data versions: every write to a förbund's data (or to the shared data) bumps a counter.

The national check keeps snapshots of what it exported and judged; a snapshot is used only while the
versions it was built from are current, so a change is seen by the very next check (no time-based cache).

What bumps what (attributable bookkeeping, in the same transaction as the write):
- every audited change (django-simple-history creates a history row for each save and delete and sends
  `post_create_historical_record`) of a model with a `forbund` bumps that förbund; Forbund and Member
  changes also bump "shared" (samråd refer to förbund and members by id);
- Person, Consultation, Participant, AgendaItem, ConsultationDecision and DocumentExtra bump "shared";
- a many-to-many change (`m2m_changed`) bumps the förbund of the instance, or "epoch" (everything) when
  the instance belongs to no förbund (a person's or a samråd's reverse relations);
- the importer bumps every förbund of the file and "shared" when it changed anything (its bulk writes
  send no per-row signals).
Writes that bypass the ORM's save/delete (QuerySet.update, raw SQL) must call `bump` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, models, transaction

SHARED = "shared"
EPOCH = "epoch"
# Apps whose data the rule check reads; changes elsewhere (accounts, sessions…) do not bump anything.
DATA_APPS = frozenset({"organisations", "meetings", "insatser", "finance", "samrad", "exchange"})
SHARED_MODELS = frozenset({"person", "consultation", "participant", "agendaitem", "consultationdecision",
                           "documentextra"})


def forbund_key(pk: int) -> str:
    return f"forbund:{pk}"


def bump(keys: Iterable[str]) -> None:
    """Add one to each key's version (creating it when absent), in the current transaction."""
    from samordna.rules.models import DataVersion

    for key in dict.fromkeys(keys):
        if DataVersion.objects.filter(key=key).update(version=models.F("version") + 1):
            continue
        try:
            with transaction.atomic():
                DataVersion.objects.create(key=key, version=1)
        except IntegrityError:  # created concurrently: bump that row
            DataVersion.objects.filter(key=key).update(version=models.F("version") + 1)


def bump_forbund(pks: Iterable[int], shared: bool = False) -> None:
    bump([*(forbund_key(pk) for pk in pks), *([SHARED] if shared else [])])


def current() -> dict[str, int]:
    """Every recorded version (a key not recorded is at version 0)."""
    from samordna.rules.models import DataVersion

    return dict(DataVersion.objects.values_list("key", "version"))


def keys_for(instance: models.Model) -> list[str]:
    """The versions a change of this instance bumps (empty for data the check does not read)."""
    meta = instance._meta
    if meta.app_label not in DATA_APPS:
        return []
    name = meta.model_name
    if name == "forbund":
        return [forbund_key(instance.pk), SHARED]
    keys = []
    forbund_id = getattr(instance, "forbund_id", None)
    if forbund_id is not None:
        keys.append(forbund_key(forbund_id))
    if name == "member" or name in SHARED_MODELS:
        keys.append(SHARED)
    return keys


def _on_history(sender, instance, **kwargs) -> None:
    keys = keys_for(instance)
    if keys:
        bump(keys)


def _on_m2m(sender, instance, action, reverse=False, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if instance._meta.app_label not in DATA_APPS:
        return
    keys = keys_for(instance)
    if instance._meta.model_name == "consultation" and not reverse:
        pass  # which förbund a samråd covers: shared data
    elif not any(k.startswith("forbund:") for k in keys):
        # A relation changed from an object of no förbund (a person's reverse relations): the other side
        # may belong to any förbund, so everything is stale.
        keys.append(EPOCH)
    bump(keys)


def connect() -> None:
    from django.db.models.signals import m2m_changed
    from simple_history.signals import post_create_historical_record

    post_create_historical_record.connect(_on_history, dispatch_uid="samordna.rules.versions.history")
    m2m_changed.connect(_on_m2m, dispatch_uid="samordna.rules.versions.m2m")
