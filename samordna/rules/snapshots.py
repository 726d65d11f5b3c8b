"""The national check from the database without exporting and judging all history every time.

Two kinds of stored snapshot (RuleSnapshot), each valid only while the data versions it was built from
are current (samordna/rules/versions.py):

- "forbund:<pk>": the förbund's object of a whole export, and "shared": persons and samråd. The check
  re-exports only the stale ones; `national_document()` assembles them into exactly `export_document()`.
- "memo": for one cutoff date, the findings about settled subjects (judged once) and the live document
  (samordna/rules/memo.py). A check as of a date on or after the cutoff judges only the live document.
  A check as of an earlier date (or after any write) judges the assembled whole document; after a write
  the memo is rebuilt with that check's date as cutoff.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import zlib
from typing import Any

from samordna.rules import memo as memo_mod
from samordna.rules import versions
from samordna.rules.base import Finding
from samordna.rules.engine import check_document

MEMO = "memo"


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def _unpack(data: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(data)))


def _stamp(current: dict[str, int], key: str) -> str:
    return f"{current.get(key, 0)}.{current.get(versions.EPOCH, 0)}"


def _national_stamp(current: dict[str, int], fpks: list[int]) -> str:
    parts = [versions.SHARED, *(versions.forbund_key(pk) for pk in fpks)]
    text = ",".join(f"{key}={_stamp(current, key)}" for key in parts)
    return hashlib.sha1(text.encode()).hexdigest()


def _store(key: str, stamp: str, value: Any) -> None:
    from samordna.rules.models import RuleSnapshot

    RuleSnapshot.objects.update_or_create(key=key, defaults={"stamp": stamp, "data": _pack(value)})


def national_document() -> dict[str, Any]:
    """`export_document(None)`, assembled from stored parts; stale parts are exported again and stored."""
    return _national_document(versions.current())[0]


def _national_document(current: dict[str, int]) -> tuple[dict[str, Any], list[int]]:
    from samordna.exchange.exporter import export_forbund_parts, export_shared
    from samordna.exchange.validate import FORMAT
    from samordna.organisations.models import Forbund
    from samordna.rules.models import RuleSnapshot

    forbund = sorted(Forbund.objects.values_list("pk", "slug"), key=lambda row: row[1])
    keys = [versions.SHARED, *(versions.forbund_key(pk) for pk, _slug in forbund)]
    stored = {s.key: s for s in RuleSnapshot.objects.filter(key__in=keys)}

    def fresh(key: str) -> Any:
        snapshot = stored.get(key)
        return _unpack(snapshot.data) if snapshot is not None and snapshot.stamp == _stamp(current, key) else None

    parts = {pk: fresh(versions.forbund_key(pk)) for pk, _slug in forbund}
    stale = [(pk, slug) for pk, slug in forbund if parts[pk] is None]
    if stale:
        exported = export_forbund_parts([slug for _pk, slug in stale])
        for pk, slug in stale:
            parts[pk] = exported[slug]
            _store(versions.forbund_key(pk), _stamp(current, versions.forbund_key(pk)), parts[pk])
    shared = fresh(versions.SHARED)
    if shared is None:
        shared = export_shared()
        _store(versions.SHARED, _stamp(current, versions.SHARED), shared)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "persons": shared["persons"],
        "forbund": [parts[pk] for pk, _slug in forbund],
        "consultations": shared["consultations"],
    }
    if shared.get("extra"):
        doc["extra"] = shared["extra"]
    return doc, [pk for pk, _slug in forbund]


def _finding_json(finding: Finding) -> list[Any]:
    return [finding.rule, finding.level, finding.forbund, finding.subject, finding.message, finding.source,
            finding.subject_kind, finding.subject_id, finding.since.isoformat() if finding.since else None]


def _finding(row: list[Any]) -> Finding:
    *head, since = row
    return Finding(*head, since=datetime.date.fromisoformat(since) if since else None)


def national_findings(as_of: datetime.date) -> list[Finding]:
    """All findings for every förbund in the database, equal to check_document(export_document(), as_of)."""
    from samordna.organisations.models import Forbund
    from samordna.rules.models import RuleSnapshot

    current = versions.current()
    fpks = sorted(Forbund.objects.values_list("pk", flat=True))
    stamp = _national_stamp(current, fpks)
    stored = RuleSnapshot.objects.filter(key=MEMO, stamp=stamp).first()
    if stored is not None:
        memo = _unpack(stored.data)
        cutoff = datetime.date.fromisoformat(memo["cutoff"])
        if cutoff <= as_of:
            stubbed = {tuple(key) for key in memo["stubbed"]}
            found = [_finding(row) for row in memo["settled"]]
            found += [f for f in check_document(memo["live"], as_of) if not memo_mod.is_settled(f, stubbed)]
            found.sort(key=Finding.sort_key)
            return found
    doc, _fpks = _national_document(current)
    found = check_document(doc, as_of)
    if stored is None:
        _build_memo(doc, found, as_of, stamp)
    return found


def _build_memo(doc: dict[str, Any], found: list[Finding], cutoff: datetime.date, stamp: str) -> None:
    """Split the document at the cutoff and store the memo, after checking that it judges as the whole."""
    live, settled, stubbed = memo_mod.split(doc, cutoff)
    kept = [f for f in found if memo_mod.is_settled(f, settled)]
    again = kept + [f for f in check_document(live, cutoff) if not memo_mod.is_settled(f, stubbed)]
    again.sort(key=Finding.sort_key)
    if again != found:  # a subject judged as settled is not: judge the whole document every time
        live, kept, stubbed = doc, [], set()
    _store(MEMO, stamp, {"cutoff": cutoff.isoformat(), "settled": [_finding_json(f) for f in kept],
                         "stubbed": sorted(stubbed), "live": live})
