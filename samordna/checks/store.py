"""The one findings path: `findings_for` over one simple store, kept current by marking every write.

A förbund's findings are `check_document` on an export of the förbund together with every förbund its
data depends on (`dependencies`: the förbund its samråd cover, the owners of the members represented at
or convening them, the förbund a participant speaks for), judged for that förbund alone. They are stored
per (förbund, as-of date) with the förbund's version and the hash of the rule package's source (`CODE`),
and used only while both are current:

- every ORM write of data the exporter reads marks (`mark`) the förbund whose findings may change, in the
  writing transaction: the förbund the row belongs to (`touched_forbund`) and every förbund whose
  findings read that förbund (`readers`: the förbund of the samråd it takes part in);
- the importer's bulk writes call `mark` for the förbund of the file;
- a deploy that changes a rule changes `CODE`, so no stored row of the old rules is served.

`findings_for` reads the versions first and the stored rows after, so a write that commits in between
can only make a row it stores stale, never a stale row current. See docs/rules.md.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.db import models, transaction
from django.db.models import F, Q

from samordna.rules import Finding, check_document

# Apps whose data the exporter (and so the rule check) reads.
DATA_APPS = frozenset({"organisations", "meetings", "insatser", "finance", "samrad", "exchange"})
# Models of those apps that no export carries (reference tables) or that no finding reads (the
# document's top-level `extra`, exported as is but never judged).
UNREAD_MODELS = frozenset({"organisations.lan", "organisations.kommun", "exchange.documentextra"})
CONSULTATION_PARTS = frozenset({"samrad.participant", "samrad.agendaitem", "samrad.consultationdecision"})


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of the source of the pure rule package (and the date arithmetic it uses), once per process."""
    import samordna.lib.dates
    import samordna.rules

    digest = hashlib.sha256()
    root = Path(samordna.rules.__file__).parent
    files = sorted(root.glob("*.py")) + [Path(samordna.lib.dates.__file__)]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


# Findings as stored: a list per finding, in the field order of Finding.
def _dump(finding: Finding) -> list:
    return [finding.rule, finding.level, finding.forbund, finding.subject, finding.message, finding.source,
            finding.subject_kind, finding.subject_id, finding.since.isoformat() if finding.since else None]


def _load(row: list) -> Finding:
    *head, since = row
    return Finding(*head, since=datetime.date.fromisoformat(since) if since else None)


# --- Which förbund read which ---------------------------------------------------------------------------

def _covered(consultation_ids: Iterable[int]) -> set[int]:
    from samordna.samrad.models import Consultation

    ids = list(set(consultation_ids))
    if not ids:
        return set()
    return set(Consultation.forbund.through.objects.filter(consultation_id__in=ids)
               .values_list("forbund_id", flat=True))


def _owners(consultation_ids: Iterable[int]) -> set[int]:
    """The förbund of the members represented at or convening the consultations, and those spoken for."""
    from samordna.samrad.models import Consultation, Participant

    ids = list(set(consultation_ids))
    if not ids:
        return set()
    out = set(Participant.objects.filter(consultation_id__in=ids, represents__isnull=False)
              .values_list("represents__forbund_id", flat=True))
    out |= set(Participant.objects.filter(consultation_id__in=ids, for_forbund__isnull=False)
               .values_list("for_forbund_id", flat=True))
    out |= set(Consultation.objects.filter(id__in=ids, convener_appointed_by__isnull=False)
               .values_list("convener_appointed_by__forbund_id", flat=True))
    return out


def dependencies(forbund_pks: Iterable[int]) -> set[int]:
    """The förbund an export must hold to judge these förbund as a whole export judges them."""
    from samordna.samrad.models import Consultation

    pks = set(forbund_pks)
    cids = set(Consultation.forbund.through.objects.filter(forbund_id__in=pks)
               .values_list("consultation_id", flat=True))
    return pks | _covered(cids) | _owners(cids)


def readers(forbund_pks: Iterable[int]) -> set[int]:
    """The förbund whose findings read data of these förbund: themselves and, for every samråd that
    covers one of them or in which one of their members takes part, the förbund it covers."""
    from samordna.samrad.models import Consultation, Participant

    pks = set(forbund_pks)
    if not pks:
        return set()
    cids = set(Consultation.forbund.through.objects.filter(forbund_id__in=pks)
               .values_list("consultation_id", flat=True))
    cids |= set(Participant.objects.filter(Q(represents__forbund_id__in=pks) | Q(for_forbund_id__in=pks))
                .values_list("consultation_id", flat=True))
    cids |= set(Consultation.objects.filter(convener_appointed_by__forbund_id__in=pks)
                .values_list("id", flat=True))
    return pks | _covered(cids)


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _is_data_model(model: type[models.Model]) -> bool:
    return (model._meta.app_label in DATA_APPS and not hasattr(model, "instance_type")  # simple-history rows
            and _label(model) not in UNREAD_MODELS)


def _touched_rows(model: type[models.Model], pks: Iterable[int]) -> set[int]:
    """The förbund whose data holds these rows of a model (as the database holds them now)."""
    from samordna.organisations.models import Person

    pks = [pk for pk in set(pks) if pk is not None]
    if not pks or not _is_data_model(model):
        return set()
    label = _label(model)
    if label == "organisations.forbund":
        return set(pks)
    if model is Person:
        return person_forbund(pks)
    if label == "samrad.consultation":
        return _covered(pks) | _owners(pks)
    if label in CONSULTATION_PARTS:
        cids = model.objects.filter(pk__in=pks).values_list("consultation_id", flat=True)
        return _touched_rows(model._meta.get_field("consultation").related_model, cids)
    if any(f.name == "forbund" for f in model._meta.concrete_fields):
        return set(model.objects.filter(pk__in=pks).values_list("forbund_id", flat=True))
    return set()


def person_forbund(person_pks: list[int]) -> set[int]:
    """A person's förbund: those whose data refers to the person (mandates, attendance, votes, minutes,
    samråd they convene or take part in, …)."""
    from samordna.organisations.models import Person

    out: set[int] = set()
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.many_to_many or rel.one_to_one)):
            continue
        model = rel.related_model
        if not _is_data_model(model) or model is Person:
            continue
        if rel.many_to_many:
            field = rel.field
            through = field.remote_field.through
            ids = through.objects.filter(**{f"{field.m2m_reverse_field_name()}_id__in": person_pks}).values_list(
                f"{field.m2m_field_name()}_id", flat=True)
        else:
            ids = model.objects.filter(**{f"{rel.field.name}__in": person_pks}).values_list("pk", flat=True)
        out |= _touched_rows(model, list(ids))
    return out


def touched_forbund(instance: models.Model) -> set[int]:
    """The förbund whose data a write of this instance touches (empty for data no export carries)."""
    model = type(instance)
    if not _is_data_model(model):
        return set()
    label = _label(model)
    forbund_id = getattr(instance, "forbund_id", None)
    if label not in ("organisations.forbund", "samrad.consultation") and forbund_id is not None:
        return {forbund_id}  # a row of one förbund: no query
    if label in CONSULTATION_PARTS:
        out = _touched_rows(model._meta.get_field("consultation").related_model, [instance.consultation_id])
        represents = getattr(instance, "represents_id", None)
        if represents is not None:
            from samordna.organisations.models import Member

            out |= set(Member.objects.filter(pk=represents).values_list("forbund_id", flat=True))
        if getattr(instance, "for_forbund_id", None) is not None:
            out.add(instance.for_forbund_id)
        return out
    return _touched_rows(model, [instance.pk])


def mark(forbund_pks: Iterable[int]) -> None:
    """A write touched these förbund: bump their versions and those of every förbund whose findings read
    them, in the current transaction (so the bump commits, or rolls back, with the write)."""
    from samordna.checks.models import FindingsVersion

    group = readers(pk for pk in forbund_pks if pk is not None)
    if not group:
        return
    with transaction.atomic():
        FindingsVersion.objects.bulk_create([FindingsVersion(forbund_pk=pk, version=0) for pk in sorted(group)],
                                            ignore_conflicts=True)
        FindingsVersion.objects.filter(forbund_pk__in=group).update(version=F("version") + 1)


def versions(forbund_pks: Iterable[int]) -> dict[int, int]:
    from samordna.checks.models import FindingsVersion

    return dict(FindingsVersion.objects.filter(forbund_pk__in=list(forbund_pks)).values_list("forbund_pk", "version"))


# --- The one findings function ---------------------------------------------------------------------------

def findings_for(forbund_slugs: list[str] | None, as_of: datetime.date) -> list[Finding]:
    """Findings for förbund of the database (all when None; unknown ids are ignored) as of a date, sorted.

    Always equal to check_document(export_document(None), as_of) restricted to those förbund.
    """
    from samordna.checks.models import StoredFindings
    from samordna.exchange.exporter import export_document
    from samordna.organisations.models import Forbund

    everyone = dict(Forbund.objects.values_list("pk", "slug"))
    if forbund_slugs is None:
        wanted = dict(everyone)
    else:
        asked = set(forbund_slugs)
        wanted = {pk: slug for pk, slug in everyone.items() if slug in asked}
    if not wanted:
        return []
    code = code_hash()
    current = versions(wanted)  # first the versions, then the rows (see the module's docstring)
    rows = StoredFindings.objects.filter(forbund_id__in=list(wanted), as_of=as_of, code=code).values_list(
        "forbund_id", "version", "findings")
    found: list[Finding] = []
    fresh: set[int] = set()
    for pk, version, stored in rows:
        if version == current.get(pk, 0) and pk not in fresh:
            fresh.add(pk)
            found.extend(_load(row) for row in stored)
    missing = [pk for pk in wanted if pk not in fresh]
    if missing:
        needed = dependencies(missing)
        doc = export_document(None if needed >= set(everyone) else sorted(everyone[pk] for pk in needed))
        judged = check_document(doc, as_of, [wanted[pk] for pk in missing])
        found.extend(judged)
        _store(missing, wanted, current, as_of, code, judged)
    if forbund_slugs is not None and len(wanted) == 1 and not missing:
        return found  # stored sorted
    found.sort(key=Finding.sort_key)
    return found


def _store(missing, slugs, current, as_of, code, judged) -> None:
    from samordna.checks.models import StoredFindings

    by_slug: dict[str, list] = defaultdict(list)
    for finding in judged:
        by_slug[finding.forbund].append(_dump(finding))
    by_version: dict[int, list[int]] = defaultdict(list)
    for pk in missing:
        by_version[current.get(pk, 0)].append(pk)
    with transaction.atomic():
        # Prune: this date's row and every row of an older version or rule code of these förbund.
        for version, pks in by_version.items():
            StoredFindings.objects.filter(forbund_id__in=pks).filter(
                Q(as_of=as_of) | ~Q(version=version) | ~Q(code=code)).delete()
        StoredFindings.objects.bulk_create(
            [StoredFindings(forbund_id=pk, as_of=as_of, code=code, version=current.get(pk, 0),
                            findings=by_slug.get(slugs[pk], [])) for pk in missing],
            ignore_conflicts=True,
        )


# --- Signals: every ORM write of the data apps marks -------------------------------------------------------

def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if _is_data_model(sender):
        mark(touched_forbund(instance))


def _on_delete(sender, instance, **kwargs) -> None:
    # Before the rows go: who refers to them can still be read.
    if _is_data_model(sender):
        mark(touched_forbund(instance))


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if action not in ("pre_add", "post_add", "pre_remove", "post_remove", "pre_clear"):
        return
    if not (_is_data_model(type(instance)) or _is_data_model(model)):
        return
    if pk_set is None:  # clear: the rows on the other side as they are now
        own = next(f for f in sender._meta.concrete_fields
                   if f.is_relation and f.related_model is type(instance))
        other = next(f for f in sender._meta.concrete_fields
                     if f.is_relation and f.related_model is model and f is not own)
        pk_set = set(sender.objects.filter(**{own.attname: instance.pk}).values_list(other.attname, flat=True))
    mark(touched_forbund(instance) | _touched_rows(model, pk_set))


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_save, pre_delete

    post_save.connect(_on_save, dispatch_uid="samordna.checks.store.save")
    pre_delete.connect(_on_delete, dispatch_uid="samordna.checks.store.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="samordna.checks.store.m2m")
