"""Reference data for the exchange format: Sweden's kommuner and län (organisations/data/kommuner.csv)."""

import csv
import functools
from pathlib import Path

KOMMUNER_CSV = Path(__file__).resolve().parent.parent / "organisations" / "data" / "kommuner.csv"

# Regions whose official name is not simply "Region" + the län's short name.
_REGION_NAMES = {
    "01": "Region Stockholm",
    "04": "Region Sörmland",
    "06": "Region Jönköpings län",
    "08": "Region Kalmar län",
    "09": "Region Gotland",
    "18": "Region Örebro län",
    "23": "Region Jämtland Härjedalen",
}


@functools.cache
def _rows() -> tuple[tuple[str, str, str, str], ...]:
    """The CSV rows as (kommunkod, kommun, lanskod, lan), codes kept as strings."""
    with KOMMUNER_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            (row["kommunkod"], row["kommun"], row["lanskod"], row["lan"]) for row in csv.DictReader(handle)
        )


@functools.cache
def kommuner() -> dict[str, tuple[str, str]]:
    """Map kommunkod -> (kommun name, länskod)."""
    return {code: (name, lanskod) for code, name, lanskod, _ in _rows()}


@functools.cache
def lan() -> dict[str, str]:
    """Map länskod -> län name (e.g. '19' -> 'Västmanlands län')."""
    return {lanskod: name for _, _, lanskod, name in _rows()}


def region_name(lanskod: str) -> str:
    """The name of the region of a län, e.g. '19' -> 'Region Västmanland'."""
    if lanskod in _REGION_NAMES:
        return _REGION_NAMES[lanskod]
    name = lan()[lanskod].removesuffix(" län")
    if name.endswith("s"):
        name = name[:-1]
    return "Region " + name
