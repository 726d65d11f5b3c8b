"""The national check from the database without exporting and judging all history every time.

Stored snapshots (RuleSnapshot), each valid only while the data versions it was built from are current
(samordna/rules/versions.py):

- "forbund:<pk>": the förbund's object of a whole export, and "shared": persons and samråd. Stale ones
  are exported again; `national_document()` assembles them into exactly `export_document()`.
- "memo:<pk>": one förbund's settled history for one cutoff date (samordna/rules/memo.py): the findings
  about its settled subjects (judged once), the keys of those subjects, the consultations its samråd
  judgements are settled for, and its *live* object (what is left to judge). It depends on the förbund's
  own data, the shared data, and the förbund its samråd refer to (covered förbund, the owners of the
  members represented): its stamp names the cutoff and the version of each of them.

A check as of D judges one live document: the live object of every förbund whose memo is current and
cut off on or before D, the whole object of the others, and the consultations (stubbed where every
förbund they cover has settled them). The findings are the memos' settled findings plus the live
findings not about a stubbed subject. A förbund without a current memo gets one, cut off at D, from
that same check; a memo is kept only when judging its live object gives back exactly the findings of
the whole (otherwise it settles nothing). After a write, only the förbund written (and those whose
samråd refer to it) are exported and split again.

Unpacked snapshots are kept in the process, keyed by their key and stamp. A stamp ends in a nonce
drawn when the snapshot is stored, so a cached value is always the value of that very row.
"""

from __future__ import annotations

import datetime
import json
import secrets
import threading
import zlib
from collections import defaultdict
from operator import itemgetter
from typing import Any

from samordna.rules import memo as memo_mod
from samordna.rules import versions
from samordna.rules.base import Finding
from samordna.rules.context import Skip, as_list
from samordna.rules.engine import check_document

MEMO_PREFIX = "memo:"

_cache: dict[str, tuple[str, Any]] = {}  # key -> (stored stamp, unpacked value)
_cache_lock = threading.Lock()


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def _unpack(data: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(data)))


def _version(current: dict[str, int], key: str) -> str:
    return f"{current.get(key, 0)}.{current.get(versions.EPOCH, 0)}"


def _validity(stored: str) -> str:
    """A stored stamp without its nonce."""
    return stored.rpartition("#")[0]


def memo_key(pk: int) -> str:
    return f"{MEMO_PREFIX}{pk}"


def _memo_validity(cutoff: datetime.date, current: dict[str, int], deps: list[int]) -> str:
    parts = [cutoff.isoformat(), f"s={_version(current, versions.SHARED)}"]
    parts += [f"{pk}={_version(current, versions.forbund_key(pk))}" for pk in sorted(set(deps))]
    return "|".join(parts)


def _memo_cutoff(stored: str | None, current: dict[str, int]) -> datetime.date | None:
    """The cutoff of a stored memo whose versions are all current, else None."""
    if not stored:
        return None
    cutoff, *parts = _validity(stored).split("|")
    for part in parts:
        name, _, version = part.partition("=")
        key = versions.SHARED if name == "s" else versions.forbund_key(int(name))
        if _version(current, key) != version:
            return None
    return datetime.date.fromisoformat(cutoff)


def _keep(key: str) -> bool:
    """Which snapshots stay in the process: the memos and the shared part, read by every check. A
    förbund's whole export is read only while its memo is stale, and would hold the whole history."""
    return not key.startswith("forbund:")


def _store(key: str, validity: str, value: Any, cached: Any = None) -> None:
    """Store a snapshot; keep `cached` (or the value) in the process under the stored stamp."""
    from samordna.rules.models import RuleSnapshot

    stamp = f"{validity}#{secrets.token_hex(6)}"
    RuleSnapshot.objects.update_or_create(key=key, defaults={"stamp": stamp, "data": _pack(value)})
    if _keep(key):
        with _cache_lock:
            _cache[key] = (stamp, value if cached is None else cached)


def _load(stamps: dict[str, str], keys: list[str], convert=lambda value: value) -> dict[str, Any]:
    """The unpacked snapshots under these keys (their stored stamps given): from the process when
    cached with the same stamp, else read in one query (and kept, see `_keep`)."""
    from samordna.rules.models import RuleSnapshot

    out: dict[str, Any] = {}
    missing = []
    for key in keys:
        hit = _cache.get(key)
        if hit is not None and hit[0] == stamps[key]:
            out[key] = hit[1]
        else:
            missing.append(key)
    if missing:
        for key, stamp, data in RuleSnapshot.objects.filter(key__in=missing).values_list("key", "stamp", "data"):
            value = convert(_unpack(data))
            out[key] = value
            if _keep(key):
                with _cache_lock:
                    _cache[key] = (stamp, value)
    return out


def national_document() -> dict[str, Any]:
    """`export_document(None)`, assembled from stored parts; stale parts are exported again and stored."""
    current = versions.current()
    forbund = _forbund_list()
    stamps = _stored_stamps([versions.SHARED, *(versions.forbund_key(pk) for pk, _slug in forbund)])
    parts = _export_parts(current, stamps, forbund)
    shared = _shared(current, stamps)
    return _document(shared, [parts[pk] for pk, _slug in forbund])


def _forbund_list() -> list[tuple[int, str]]:
    from samordna.organisations.models import Forbund

    return sorted(Forbund.objects.values_list("pk", "slug"), key=lambda row: row[1])


def _stored_stamps(keys: list[str]) -> dict[str, str]:
    from samordna.rules.models import RuleSnapshot

    return dict(RuleSnapshot.objects.filter(key__in=keys).values_list("key", "stamp"))


def _document(shared: dict[str, Any], forbund: list[dict[str, Any]], consultations=None) -> dict[str, Any]:
    from samordna.exchange.validate import FORMAT

    doc: dict[str, Any] = {
        "format": FORMAT,
        "persons": shared["persons"],
        "forbund": forbund,
        "consultations": shared["consultations"] if consultations is None else consultations,
    }
    if shared.get("extra"):
        doc["extra"] = shared["extra"]
    return doc


def _fresh_keys(current: dict[str, int], stamps: dict[str, str], keys: list[str]) -> list[str]:
    return [key for key in keys if key in stamps and _validity(stamps[key]) == _version(current, key)]


def _export_parts(
    current: dict[str, int], stamps: dict[str, str], forbund: list[tuple[int, str]]
) -> dict[int, dict[str, Any]]:
    """The förbund's objects of a whole export, by pk: stored ones when current, the others exported."""
    from samordna.exchange.exporter import export_forbund_parts

    keys = {versions.forbund_key(pk): pk for pk, _slug in forbund}
    fresh = _load(stamps, _fresh_keys(current, stamps, list(keys)))
    parts = {keys[key]: value for key, value in fresh.items()}
    stale = [(pk, slug) for pk, slug in forbund if pk not in parts]
    if stale:
        exported = export_forbund_parts([slug for _pk, slug in stale])
        for pk, slug in stale:
            parts[pk] = exported[slug]
            key = versions.forbund_key(pk)
            _store(key, _version(current, key), parts[pk])
    return parts


def _shared(current: dict[str, int], stamps: dict[str, str]) -> dict[str, Any]:
    from samordna.exchange.exporter import export_shared

    if _fresh_keys(current, stamps, [versions.SHARED]):
        return _load(stamps, [versions.SHARED])[versions.SHARED]
    shared = export_shared()
    _store(versions.SHARED, _version(current, versions.SHARED), shared)
    return shared


def _finding_json(finding: Finding) -> list[Any]:
    return [finding.rule, finding.level, finding.forbund, finding.subject, finding.message, finding.source,
            finding.subject_kind, finding.subject_id, finding.since.isoformat() if finding.since else None]


def _finding(row: list[Any]) -> Finding:
    *head, since = row
    return Finding(*head, since=datetime.date.fromisoformat(since) if since else None)


def _memo_value(stored: dict[str, Any]) -> dict[str, Any]:
    """A memo as used: findings as Finding, keys as tuples, consultations as a set."""
    return {
        "cutoff": stored["cutoff"],
        "settled": [_finding(row) for row in stored["settled"]],
        "stubbed": {tuple(key) for key in stored["stubbed"]},
        "consultations": frozenset(stored["consultations"]),
        "live": stored["live"],
    }


def national_findings(as_of: datetime.date) -> list[Finding]:
    """All findings for every förbund in the database, equal to check_document(export_document(), as_of)."""
    current = versions.current()
    forbund = _forbund_list()
    keys = [versions.SHARED]
    for pk, _slug in forbund:
        keys += [versions.forbund_key(pk), memo_key(pk)]
    stamps = _stored_stamps(keys)

    cutoffs = {pk: _memo_cutoff(stamps.get(memo_key(pk)), current) for pk, _slug in forbund}
    usable = [pk for pk, _slug in forbund if cutoffs[pk] is not None and cutoffs[pk] <= as_of]
    loaded = _load(stamps, [memo_key(pk) for pk in usable], _memo_value)
    memos = {pk: loaded[memo_key(pk)] for pk in usable}
    whole = _export_parts(current, stamps, [(pk, slug) for pk, slug in forbund if pk not in memos])
    shared = _shared(current, stamps)

    parts = {pk: memos[pk]["live"] if pk in memos else whole[pk] for pk, _slug in forbund}
    settles = {parts[pk]["id"]: memo["consultations"] for pk, memo in memos.items()}
    live = _document(shared, [parts[pk] for pk, _slug in forbund], _consultations(shared, settles))
    stubbed, skip, settled = _combined(memos, stamps)
    pairs = settled + [
        (f.sort_key(), f) for f in check_document(live, as_of, skip=skip) if not memo_mod.is_settled(f, stubbed)
    ]
    pairs.sort(key=itemgetter(0))  # two sorted runs: a merge
    found = [f for _key, f in pairs]

    without = [pk for pk, _slug in forbund if cutoffs[pk] is None]  # no current memo at all
    if without:
        pks = {slug: pk for pk, slug in forbund}  # a förbund's id in the document is its slug
        _build_memos(current, as_of, live, found, {pk: whole[pk] for pk in without}, settles, stubbed, shared, pks)
    return found


_combined_cache: list[Any] = [None, None]  # [the memos' keys and stamps, (stubbed keys, Skip, settled)]


def _combined(
    memos: dict[int, dict[str, Any]], stamps: dict[str, str]
) -> tuple[set[memo_mod.Key], Skip, list[tuple[tuple[Any, ...], Finding]]]:
    """The memos' stubbed keys together (also grouped for the engine), and their settled findings with
    sort keys, sorted; kept in the process for the same memos."""
    token = tuple((memo_key(pk), stamps[memo_key(pk)]) for pk in memos)
    with _cache_lock:
        if _combined_cache[0] == token:
            return _combined_cache[1]
    stubbed: set[memo_mod.Key] = set().union(*(memo["stubbed"] for memo in memos.values()))
    settled = [(f.sort_key(), f) for memo in memos.values() for f in memo["settled"]]
    settled.sort(key=itemgetter(0))
    value = (stubbed, Skip(stubbed), settled)
    with _cache_lock:
        _combined_cache[:] = [token, value]
    return value


def _consultations(shared: dict[str, Any], settles: dict[str, frozenset[str]]) -> list[dict[str, Any]]:
    """The shared consultations, stubbed where every förbund they cover has settled them."""
    out = []
    for consultation in shared["consultations"]:
        covered = list(dict.fromkeys(as_list(consultation.get("forbund"))))
        if covered and all(consultation["id"] in settles.get(f, ()) for f in covered):
            out.append(memo_mod.consultation_stub(consultation))
        else:
            out.append(consultation)
    return out


def _dependencies(live: dict[str, Any], ids: dict[str, int]) -> dict[str, set[int]]:
    """Per förbund id, the pks of the förbund whose data its findings read: itself, the förbund its
    consultations cover and the förbund of the members represented at or convening them."""
    owner = {m["id"]: ids[f["id"]] for f in live["forbund"] for m in f.get("members") or []}
    deps: dict[str, set[int]] = {fid: {pk} for fid, pk in ids.items()}
    for consultation in live["consultations"]:
        covered = [f for f in dict.fromkeys(as_list(consultation.get("forbund"))) if f in ids]
        referred = {ids[f] for f in covered}
        members = [row.get("represents") for row in consultation.get("participants") or []]
        members.append((consultation.get("convener") or {}).get("appointed_by"))
        referred |= {owner[m] for m in members if m in owner}
        for fid in covered:
            deps[fid] |= referred
    return deps


def _build_memos(
    current: dict[str, int],
    cutoff: datetime.date,
    live: dict[str, Any],
    found: list[Finding],
    whole: dict[int, dict[str, Any]],
    settles: dict[str, frozenset[str]],
    stubbed_before: set[memo_mod.Key],
    shared: dict[str, Any],
    pks: dict[str, int],
) -> None:
    """Split these förbund (judged whole in `live`, with `found`) at the cutoff and store their memos,
    each only after checking that its live object judges as its whole object did."""
    ids = {f["id"]: pk for pk, f in whole.items()}  # the förbund to split
    split: dict[int, tuple] = {}
    new_settles = dict(settles)
    for pk, forbund in whole.items():
        live_part, settled, stubbed, needed_from = memo_mod.split_forbund(forbund, cutoff)
        fid = forbund["id"]
        consultations = frozenset(
            c["id"] for c in shared["consultations"]
            if fid in as_list(c.get("forbund")) and forbund.get("founded")
            and memo_mod.settles_consultation(c, cutoff, needed_from)
        )
        for cid in consultations:
            settled.add(("samrad", fid, cid))
            stubbed.add(("samrad", fid, cid))
        asked = [
            c for c in shared["consultations"]
            if fid in as_list(c.get("forbund")) and (c["id"] not in consultations or len(set(as_list(c["forbund"]))) > 1)
        ]
        live_part = memo_mod.without_past_mandates(live_part, cutoff, asked)
        split[pk] = (live_part, settled, stubbed, consultations)
        new_settles[fid] = consultations

    replaced = [split[ids[f["id"]]][0] if f["id"] in ids else f for f in live["forbund"]]
    again_doc = _document(shared, replaced, _consultations(shared, new_settles))
    skip = set(stubbed_before).union(*(parts[2] for parts in split.values()))
    again_found = check_document(again_doc, cutoff, list(ids), skip=skip)
    by_forbund: dict[str, list[Finding]] = defaultdict(list)
    for finding in found:
        by_forbund[finding.forbund].append(finding)
    again_by_forbund: dict[str, list[Finding]] = defaultdict(list)
    for finding in again_found:
        again_by_forbund[finding.forbund].append(finding)

    deps = _dependencies(live, pks)
    for pk, forbund in whole.items():
        fid = forbund["id"]
        live_part, settled, stubbed, consultations = split[pk]
        kept = [f for f in by_forbund[fid] if memo_mod.is_settled(f, settled)]
        again = kept + [f for f in again_by_forbund[fid] if not memo_mod.is_settled(f, stubbed)]
        again.sort(key=Finding.sort_key)
        if again != by_forbund[fid]:  # a subject judged as settled is not: settle nothing for this förbund
            live_part, kept, stubbed, consultations = forbund, [], set(), frozenset()
        stored = {"cutoff": cutoff.isoformat(), "settled": [_finding_json(f) for f in kept],
                  "stubbed": sorted(stubbed), "consultations": sorted(consultations), "live": live_part}
        value = {"cutoff": stored["cutoff"], "settled": kept, "stubbed": stubbed,
                 "consultations": consultations, "live": live_part}
        _store(memo_key(pk), _memo_validity(cutoff, current, sorted(deps[fid])), stored, cached=value)
