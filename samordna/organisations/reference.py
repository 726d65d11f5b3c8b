"""Reference data: all 290 kommuner and 21 län (SCB codes), shipped with the package.

Source: the public CC0 1.0 data set sjbrg/swedish-geodata, file data/municipality_county.csv (codes from
SCB), as checked into shared/data/kommuner.csv: 290 distinct kommunkoder, 21 länskoder.
"""

import csv
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).with_name("data") / "kommuner.csv"


@cache
def rows() -> tuple[tuple[str, str, str, str], ...]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        return tuple((r["kommunkod"], r["kommun"], r["lanskod"], r["lan"]) for r in csv.DictReader(fh))


def load(apps=None) -> None:
    """Create or update the Lan and Kommun tables from the CSV (idempotent)."""
    if apps is None:
        from .models import Kommun, Lan
    else:
        Kommun, Lan = apps.get_model("organisations", "Kommun"), apps.get_model("organisations", "Lan")
    lan = {}
    for _, _, lanskod, lan_name in rows():
        lan[lanskod] = lan_name
    for code, name in sorted(lan.items()):
        Lan.objects.update_or_create(code=code, defaults={"name": name})
    for code, name, lanskod, _ in rows():
        Kommun.objects.update_or_create(code=code, defaults={"name": name, "lan_id": lanskod})
