"""FinsamL 5 §: how the members' contributions of a budget year are split (pure: no Django ORM).

The state (Försäkringskassan, also on Arbetsförmedlingen's behalf) pays half, the regions a quarter and
the kommuner a quarter. Each member's share may be off by up to one krona (rounding, DOMAIN §3), so a
group is in order when its sum is within one krona per contributing member of its share. The rule
`contribution-split` and the budget page's table both come from `contribution_split`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

STATE_KINDS = frozenset({"forsakringskassan", "arbetsformedlingen"})
# (group, share, share as written, how the rule's message names the group)
GROUPS = (
    ("state", Fraction(1, 2), "½", "staten (FK + AF)"),
    ("region", Fraction(1, 4), "¼", "regionerna"),
    ("kommun", Fraction(1, 4), "¼", "kommunerna"),
)


def group_of(kind: str | None) -> str | None:
    """The 5 § group of a member kind ('state', 'region', 'kommun'); None for an unknown kind."""
    if kind in STATE_KINDS:
        return "state"
    return kind if kind in ("region", "kommun") else None


@dataclass(frozen=True)
class GroupShare:
    group: str
    share: Fraction
    share_text: str
    label: str
    amount: int
    expected: Fraction  # share × total
    ok: bool


@dataclass(frozen=True)
class Split:
    """The split of one budget year's contributions: `total` counts members only (outsiders apart)."""

    total: int
    tolerance: int  # kronor: one per contributing member
    groups: tuple[GroupShare, ...]
    outsiders: tuple[str, ...]  # ids of contributors that were no member that year

    @property
    def ok(self) -> bool:
        return all(g.ok for g in self.groups)

    def group(self, key: str) -> GroupShare:
        return next(g for g in self.groups if g.group == key)


def contribution_split(rows: Iterable[tuple[str, str | None, int]]) -> Split:
    """The split of contributions given as (contributor id, its member kind or None when it was no member
    of the förbund that year, amount)."""
    sums = {key: 0 for key, *_rest in GROUPS}
    payers: set[str] = set()
    outsiders: list[str] = []
    for contributor, kind, amount in rows:
        payers.add(contributor)
        group = group_of(kind)
        if kind is None:
            outsiders.append(contributor)
            continue
        if group is not None:
            sums[group] += int(amount or 0)
    total = sum(sums.values())
    tolerance = len(payers)
    groups = []
    for key, share, share_text, label in GROUPS:
        expected = share * total
        ok = total > 0 and abs(sums[key] - expected) <= tolerance
        groups.append(GroupShare(key, share, share_text, label, sums[key], expected, ok))
    return Split(total, tolerance, tuple(groups), tuple(dict.fromkeys(outsiders)))
