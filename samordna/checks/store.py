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
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.db import connection, models, transaction
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
        FindingsVersion.objects.filter(forbund_pk__in=group).update(version=F("version") + 1,
                                                                    content=F("content") + 1)


# Row 0 of FindingsVersion: the writes a page may show that belong to no förbund.
INSTALLATION = 0


def touch(forbund_pks: Iterable[int | None]) -> None:
    """A write that no finding reads but a page may show (a document, a delivery, a user's name): bump the
    page cache's stamp of these förbund (None: of the installation), in the current transaction."""
    from samordna.checks.models import FindingsVersion

    group = sorted({INSTALLATION if pk is None else pk for pk in forbund_pks})
    if not group:
        return
    with transaction.atomic():
        FindingsVersion.objects.bulk_create([FindingsVersion(forbund_pk=pk) for pk in group], ignore_conflicts=True)
        FindingsVersion.objects.filter(forbund_pk__in=group).update(content=F("content") + 1)


def _shown(model: type[models.Model]) -> bool:
    """A model of Samordna's own apps, which pages show (Django's and the libraries' bookkeeping — sessions,
    migrations, login attempts, the task queue — and this store are not)."""
    return (model.__module__.startswith("samordna.") and model._meta.app_label != "checks"
            and not hasattr(model, "instance_type"))  # a simple-history row goes with its model's own write


def _page_forbund(instance: models.Model) -> set[int | None]:
    """The förbund whose pages show a row no finding reads: its own, through its parent when it has none
    (an attachment's message, a read mark's meeting); the installation for the rest (a user)."""
    forbund_id = getattr(instance, "forbund_id", None)
    if forbund_id is not None:
        return {forbund_id}
    for name in ("message", "meeting"):
        parent = getattr(type(instance), name, None)
        if parent is not None and getattr(instance, f"{name}_id", None) is not None:
            return set(parent.field.related_model.objects.filter(pk=getattr(instance, f"{name}_id"))
                       .values_list("forbund_id", flat=True)) or {None}
    return {None}


def _touch_for(sender, instance, update_fields=None) -> None:
    if not _shown(sender):
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: no page shows it
    touch(_page_forbund(instance))


def versions(forbund_pks: Iterable[int]) -> dict[int, int]:
    from samordna.checks.models import FindingsVersion

    return dict(FindingsVersion.objects.filter(forbund_pk__in=list(forbund_pks)).values_list("forbund_pk", "version"))


# --- The one findings function ---------------------------------------------------------------------------

class _Loaded:
    """A stored row's findings as read once by this process (sorted), with their counts per (rule, level)."""

    __slots__ = ("findings", "counts", "levels")

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        self.counts = Counter((f.rule, f.level) for f in findings)
        self.levels = Counter(f.level for f in findings)


# Stored rows already read, by (row id, stored_at): a row is never changed in place (a new judgement
# deletes it and inserts another, with a new stored_at), so an entry always belongs to that very row, even
# after a rolled-back transaction reused its id. Bounded: cleared when full.
_LOADED: dict[tuple, _Loaded] = {}
_LOADED_MAX = 4096


_CURRENT_SQL = (
    "SELECT s.forbund_id, s.id, s.stored_at FROM checks_storedfindings s"
    " LEFT JOIN checks_findingsversion v ON v.forbund_pk = s.forbund_id"
    " WHERE s.forbund_id IN ({pks}) AND s.as_of = %s AND s.code = %s AND s.version = COALESCE(v.version, 0)"
)


def _current(wanted: dict[int, str], as_of: datetime.date) -> dict[int, _Loaded]:
    """The findings of these förbund (pk -> slug) as of a date, judging and storing those not current.

    Warm, one query: the current rows' keys, each row's version compared in the same statement (one
    snapshot) with its förbund's version; the findings of a row this process has not read yet follow in
    a second. Missing förbund: their versions first, then the export (see the module's docstring)."""
    from samordna.checks.models import StoredFindings
    from samordna.exchange.exporter import export_document
    from samordna.organisations.models import Forbund

    code = code_hash()
    with connection.cursor() as cursor:  # SQL of its own: every page runs it, and the ORM's compiling costs 30×
        cursor.execute(_CURRENT_SQL.format(pks=", ".join(["%s"] * len(wanted))),
                       [*wanted, as_of.isoformat(), code])
        rows = cursor.fetchall()
    out: dict[int, _Loaded] = {}
    unread: dict[int, tuple] = {}
    for pk, row_id, stored_at in rows:  # (one row per förbund and date: the unique constraint)
        loaded = _LOADED.get((row_id, stored_at))
        if loaded is None:
            unread[row_id] = (pk, stored_at)
        else:
            out[pk] = loaded
    if unread:
        if len(_LOADED) + len(unread) > _LOADED_MAX:
            _LOADED.clear()
        for row_id, stored in StoredFindings.objects.filter(id__in=list(unread)).values_list("id", "findings"):
            pk, stored_at = unread[row_id]
            out[pk] = _LOADED[(row_id, stored_at)] = _Loaded([_load(row) for row in stored])
    missing = [pk for pk in wanted if pk not in out]  # (a row replaced since the first query: judged again)
    if missing:
        current = versions(missing)
        everyone = dict(Forbund.objects.values_list("pk", "slug"))
        needed = dependencies(missing)
        doc = export_document(None if needed >= set(everyone) else sorted(everyone[pk] for pk in needed))
        judged = check_document(doc, as_of, [wanted[pk] for pk in missing])
        by_slug: dict[str, list[Finding]] = defaultdict(list)
        for finding in judged:
            by_slug[finding.forbund].append(finding)
        for pk in missing:
            out[pk] = _Loaded(by_slug.get(wanted[pk], []))
        _store(missing, wanted, current, as_of, code, judged)
    return out


def findings_for(forbund_slugs: list[str] | None, as_of: datetime.date) -> list[Finding]:
    """Findings for förbund of the database (all when None; unknown ids are ignored) as of a date, sorted.

    Always equal to check_document(export_document(None), as_of) restricted to those förbund.
    """
    from samordna.organisations.models import Forbund

    everyone = Forbund.objects.all() if forbund_slugs is None else Forbund.objects.filter(slug__in=forbund_slugs)
    wanted = dict(everyone.values_list("pk", "slug"))
    if not wanted:
        return []
    loaded = _current(wanted, as_of)
    if len(loaded) == 1:
        return list(next(iter(loaded.values())).findings)  # judged sorted, stored sorted
    found = [finding for entry in loaded.values() for finding in entry.findings]
    found.sort(key=Finding.sort_key)
    return found


def forbund_findings(forbund, as_of: datetime.date) -> list[Finding]:
    """findings_for([forbund.slug], as_of) of a förbund the caller holds (no query for its slug)."""
    return list(_current({forbund.pk: forbund.slug}, as_of)[forbund.pk].findings)


def counts_by_forbund(as_of: datetime.date, rule: str | None = None,
                      forbund: dict[int, str] | None = None) -> dict[str, dict[str, int]]:
    """Per förbund id the number of findings per level as of a date (of one rule when one is named), for
    every förbund of the database or those given (pk -> slug): the national overview, from the counts kept
    with each förbund's findings (equal to grouping.counts_by_forbund of findings_for)."""
    from samordna.organisations.models import Forbund
    from samordna.rules.base import LEVELS

    wanted = dict(Forbund.objects.values_list("pk", "slug")) if forbund is None else forbund
    out = {}
    for pk, entry in _current(wanted, as_of).items() if wanted else ():
        if rule is None:
            out[wanted[pk]] = {level: entry.levels.get(level, 0) for level in LEVELS}
        else:
            out[wanted[pk]] = {level: entry.counts.get((rule, level), 0) for level in LEVELS}
    return out


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

def _on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    touched = touched_forbund(instance) if _is_data_model(sender) else set()
    if touched:
        mark(touched)  # (which bumps the page stamp too)
    else:  # a row no finding reads (a representative, a document, a delivery…): the pages that show it
        _touch_for(sender, instance, update_fields)


def _on_delete(sender, instance, **kwargs) -> None:
    # Before the rows go: who refers to them can still be read.
    touched = touched_forbund(instance) if _is_data_model(sender) else set()
    if touched:
        mark(touched)
    else:
        _touch_for(sender, instance)


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if action not in ("pre_add", "post_add", "pre_remove", "post_remove", "pre_clear"):
        return
    if not (_is_data_model(type(instance)) or _is_data_model(model)):
        if _shown(type(instance)) and action.startswith("post"):
            touch(_page_forbund(instance))
        return
    if action.startswith("post"):
        touch(_page_forbund(instance))  # (also when no finding reads the relation)
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
