"""The computed 5 § split (rules/split.compute_split): sums to the total, each part within a krona of its
exact share, and judged in order by the same contribution_split the rule and the page use."""

from fractions import Fraction

import pytest

from samordna.rules.split import SplitError, compute_split, contribution_split


def _members(n_kommuner, af=False, regions=1):
    rows = [("fk", "forsakringskassan")] + ([("af", "arbetsformedlingen")] if af else [])
    rows += [(f"r{i}", "region") for i in range(regions)]
    rows += [(f"k{i}", "kommun") for i in range(n_kommuner)]
    return rows


def _judged(members, amounts):
    kinds = dict(members)
    return contribution_split((m, kinds[m], a) for m, a in amounts.items())


@pytest.mark.parametrize("n", [1, 2, 10])
@pytest.mark.parametrize("state", [6_000_000, 1_234_567, 333_333])
def test_population_key_sums_to_total_and_is_lawful(n, state):
    members = _members(n)
    populations = {f"k{i}": 1000 + 7919 * i for i in range(n)}
    amounts = compute_split(state, members, key="population", weights=populations)
    assert sum(amounts.values()) == 2 * state
    assert amounts["fk"] == state
    assert _judged(members, amounts).ok
    quarter = Fraction(2 * state, 4)
    total_pop = sum(populations.values())
    for i in range(n):
        exact = quarter * populations[f"k{i}"] / total_pop
        assert abs(amounts[f"k{i}"] - exact) < 1


def test_one_kommun_pays_the_whole_quarter():
    amounts = compute_split(5_000_001, _members(1), key="population", weights={"k0": 10})
    assert amounts == {"fk": 5_000_001, "r0": 2_500_000, "k0": 2_500_001} or \
        amounts == {"fk": 5_000_001, "r0": 2_500_001, "k0": 2_500_000}
    assert sum(amounts.values()) == 10_000_002


def test_fixed_shares_as_in_the_forbundsordning():
    """Falun 13 %, Borlänge 12 % of the total: the kommuner's quarter in 13:12."""
    members = _members(2)
    amounts = compute_split(4_000_000, members, key="fixed", weights={"k0": 13, "k1": 12})
    assert amounts["k0"] == 1_040_000 and amounts["k1"] == 960_000
    assert amounts["r0"] == 2_000_000
    assert _judged(members, amounts).ok


def test_equal_part_plus_population():
    members = _members(2)
    amounts = compute_split(4_000_000, members, key="equal_population", equal_percent=50,
                            weights={"k0": 3, "k1": 1})
    # 2 000 000 quarter: 1 000 000 equally (500 000 each), 1 000 000 by population 3:1.
    assert amounts["k0"] == 1_250_000 and amounts["k1"] == 750_000


def test_rounding_by_largest_remainder_with_ten_equal_kommuner():
    """A quarter of 1 000 003 kr over ten equal kommuner: three get a krona more, the sum still holds."""
    members = _members(10)
    amounts = compute_split(2_000_006 // 2 * 1, members, key="fixed", weights={f"k{i}": 1 for i in range(10)})
    kommuner = sorted(amounts[f"k{i}"] for i in range(10))
    assert sum(amounts.values()) == 2_000_006
    assert max(kommuner) - min(kommuner) <= 1
    assert _judged(members, amounts).ok


def test_state_half_recorded_as_fk_and_af():
    members = _members(2, af=True)
    amounts = compute_split(3_000_000, members, key="population", weights={"k0": 1, "k1": 1}, af_amount=1_000_000)
    assert amounts["fk"] == 2_000_000 and amounts["af"] == 1_000_000
    assert _judged(members, amounts).ok


def test_two_regions_share_their_quarter():
    members = _members(3, regions=2)
    amounts = compute_split(1_000_001, members, key="population", weights={"k0": 5, "k1": 3, "k2": 2})
    assert amounts["r0"] + amounts["r1"] in (500_000, 500_001)
    assert sum(amounts.values()) == 2_000_002
    assert _judged(members, amounts).ok


@pytest.mark.parametrize("members, kwargs, field", [
    ([("fk", "forsakringskassan"), ("r0", "region")], {"weights": {}}, "members"),
    (_members(2), {"weights": {}}, "weights"),
    (_members(2), {"weights": {"k0": 1}, "af_amount": 5}, "af_amount"),
    (_members(2), {"weights": {"k0": 1}, "key": "equal_population", "equal_percent": 120}, "equal_percent"),
    (_members(2), {"weights": {"k0": 1}, "key": "lottery"}, "key"),
])
def test_what_cannot_be_split(members, kwargs, field):
    with pytest.raises(SplitError) as caught:
        compute_split(1_000_000, members, **kwargs)
    assert caught.value.field == field
