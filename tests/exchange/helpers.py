"""Helpers for the exchange tests: row counts of every table the import writes, and documents."""

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
