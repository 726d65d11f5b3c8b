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


# --- Computing the split of a budget year from the state amount (PRACTICE.md §3) -------------------------

# The förbundsordning's key for the kommuner's quarter.
KEY_POPULATION = "population"  # by population on a reference date
KEY_FIXED = "fixed"  # fixed shares (weights) written in the förbundsordning
KEY_EQUAL_POPULATION = "equal_population"  # an equal part, the rest by population
KEYS = (KEY_POPULATION, KEY_FIXED, KEY_EQUAL_POPULATION)


class SplitError(ValueError):
    """The inputs do not make a split (no kommun, a zero weight sum …); `field` names the input at fault."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def _by_weight(amount: Fraction, ids: list[str], weights: dict[str, int]) -> dict[str, Fraction]:
    """`amount` shared among `ids` in proportion to their weights (equally when every weight is missing)."""
    if not ids:
        return {}
    given = {i: int(weights.get(i) or 0) for i in ids}
    if any(w < 0 for w in given.values()):
        raise SplitError("negative weight", "weights")
    total = sum(given.values())
    if total == 0:
        return {i: amount / len(ids) for i in ids}
    return {i: amount * given[i] / total for i in ids}


def largest_remainder(exact: dict[str, Fraction], order: list[str]) -> dict[str, int]:
    """Whole kronor for exact shares that sum to a whole number: each share rounded down, and the kronor
    left given one each to the largest remainders (ties in `order`), so the parts sum to the total and each
    part is within one krona of its exact share."""
    total = sum(exact.values(), Fraction(0))
    if total.denominator != 1:
        raise SplitError("the shares do not sum to whole kronor")
    floors = {i: exact[i].numerator // exact[i].denominator for i in order}
    left = int(total) - sum(floors.values())
    position = {i: n for n, i in enumerate(order)}
    for i in sorted(order, key=lambda i: (-(exact[i] - floors[i]), position[i]))[:left]:
        floors[i] += 1
    return floors


def compute_split(state_amount: int, members: Iterable[tuple[str, str]], *, key: str = KEY_POPULATION,
                  weights: dict[str, int] | None = None, equal_percent: int = 0,
                  af_amount: int = 0) -> dict[str, int]:
    """Each member's contribution (whole kronor) when the state pays `state_amount` (FinsamL 5 §).

    `members`: (id, kind) of the förbund's members for the year, in the order ties are broken. The total is
    twice the state amount: the state half (Försäkringskassan; `af_amount` of it recorded as Arbetsförmedlingen's
    when the förbund records FK + AF), the regions' quarter (shared by `weights`, equally without), and the
    kommuner's quarter by the key: `weights` are the populations on the reference date (population), the
    förbundsordning's fixed shares (fixed), or populations with `equal_percent` of the quarter shared equally
    first (equal_population). The result sums to the total and `contribution_split` finds it in order."""
    weights = weights or {}
    if state_amount is None or state_amount < 0:
        raise SplitError("negative state amount", "state_amount")
    if key not in KEYS:
        raise SplitError("unknown key", "key")
    if not 0 <= equal_percent <= 100:
        raise SplitError("equal part outside 0–100 %", "equal_percent")
    listed = list(members)
    order = [i for i, _kind in listed]
    by_group: dict[str, list[str]] = {"state": [], "region": [], "kommun": []}
    kinds = dict(listed)
    for member_id, kind in listed:
        group = group_of(kind)
        if group is not None:
            by_group[group].append(member_id)
    fk = [i for i in by_group["state"] if kinds[i] == "forsakringskassan"]
    af = [i for i in by_group["state"] if kinds[i] == "arbetsformedlingen"]
    if not fk:
        raise SplitError("no Försäkringskassan", "members")
    if not by_group["region"]:
        raise SplitError("no region", "members")
    if not by_group["kommun"]:
        raise SplitError("no kommun", "members")
    af_amount = int(af_amount or 0)
    if af_amount < 0 or af_amount > state_amount or (af_amount and not af):
        raise SplitError("the AF part must be within the state amount, and AF a member", "af_amount")
    total = 2 * state_amount
    exact: dict[str, Fraction] = {i: Fraction(0) for i in order}
    exact[fk[0]] = Fraction(state_amount - af_amount)
    if af:
        exact[af[0]] = Fraction(af_amount)
    quarter = Fraction(total, 4)
    exact.update(_by_weight(quarter, by_group["region"], weights))
    kommuner = by_group["kommun"]
    if key == KEY_FIXED or key == KEY_POPULATION:
        if key == KEY_POPULATION and not any(int(weights.get(i) or 0) for i in kommuner):
            raise SplitError("no population given", "weights")
        if key == KEY_FIXED and not any(int(weights.get(i) or 0) for i in kommuner):
            raise SplitError("no fixed share given", "weights")
        exact.update(_by_weight(quarter, kommuner, weights))
    else:
        equal = quarter * Fraction(equal_percent, 100)
        rest = quarter - equal
        if rest and not any(int(weights.get(i) or 0) for i in kommuner):
            raise SplitError("no population given", "weights")
        by_population = _by_weight(rest, kommuner, weights)
        for i in kommuner:
            exact[i] = equal / len(kommuner) + by_population[i]
    return largest_remainder(exact, order)


def group_totals(amounts: dict[str, int], members: Iterable[tuple[str, str]]) -> dict[str, int]:
    """What each 5 § group pays in total (for the what-if: the region and the kommuner)."""
    sums = {key: 0 for key, *_rest in GROUPS}
    for member_id, kind in members:
        group = group_of(kind)
        if group is not None:
            sums[group] += amounts.get(member_id, 0)
    return sums
