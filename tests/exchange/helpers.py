"""Helpers for the exchange tests: row counts of every table the import writes, and documents."""

import copy
import json
from pathlib import Path

from django.apps import apps

DATA = Path(__file__).resolve().parent / "data"
APPS = ("organisations", "meetings", "insatser", "finance", "samrad", "exchange")


def example() -> dict:
    return json.loads((DATA / "exempel.json").read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    """Rows in every model (and historical model) of the domain apps."""
    out = {}
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            out[model._meta.label] = model.objects.count()
        for model in apps.get_models():
            if model.__module__.startswith(f"samordna.{app}") and model._meta.label not in out:
                out[model._meta.label] = model.objects.count()
    return out


def repaired(doc: dict) -> dict:
    """A document the database can hold: date pairs in order and no member or person listed twice.

    validate_document accepts these (the rules judge the data), but the database refuses them; the importer
    reports them as problems, so the property test draws documents without them.
    """
    doc = copy.deepcopy(doc)

    def order(obj, first, last):
        if obj.get(first) and obj.get(last) and obj[last] < obj[first]:
            obj[first], obj[last] = obj[last], obj[first]

    def dedupe(obj, key):
        if isinstance(obj.get(key), list):
            obj[key] = list(dict.fromkeys(obj[key]))

    for f in doc.get("forbund") or []:
        for m in f.get("members") or []:
            order(m, "joined", "left")
        for m in f.get("mandates") or []:
            order(m, "from", "to")
            if m["role"] != "ersattare":
                m.pop("substitute_order", None)
            if m["role"] not in ("ledamot", "ersattare"):
                m.pop("basis", None)
            dedupe(m, "appointed_by")
            if isinstance(m.get("appointed_by"), list) and len(m["appointed_by"]) == 1:
                m["appointed_by"] = m["appointed_by"][0]
        for mt in f.get("meetings") or []:
            dedupe(mt.get("minutes") or {}, "adjusters")
        for ins in f.get("insatser") or []:
            order(ins, "start", "end")
            dedupe(ins, "parties")
            dedupe(ins, "concerns")
        for ar in f.get("annual_reports") or []:
            dedupe(ar.get("audit") or {}, "delivered_to")
        for n in f.get("notices") or []:
            dedupe(n, "recipients")
    return doc
