"""The rule package is pure: importing every module of samordna.rules loads nothing of Django's ORM."""

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import samordna.rules

ROOT = Path(__file__).resolve().parents[2]

# Django's translation module (gettext is allowed) itself loads django.apps' registry module, unused;
# what the rule package loads beyond that baseline must hold nothing of the ORM, the app registry,
# contrib apps or Samordna's Django apps, and django.db not at all.
PROBE = """
import importlib, json, pkgutil, sys
import django.utils.translation
baseline = set(sys.modules)
import samordna.rules
names = sorted(m.name for m in pkgutil.iter_modules(samordna.rules.__path__, "samordna.rules."))
for name in names:
    importlib.import_module(name)
added = set(sys.modules) - baseline
bad = sorted(m for m in added if m.split(".")[:2] in (["django", "db"], ["django", "apps"])
             or m.startswith(("django.contrib", "django.core.management", "samordna.checks", "samordna.arshjul",
                              "samordna.exchange", "samordna.organisations")))
bad += sorted(m for m in sys.modules if m == "django.db" or m.startswith("django.db."))
print(json.dumps({"modules": names, "bad": bad}))
"""


def test_every_module_of_the_rule_package_imports_without_the_orm():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}  # no DJANGO_SETTINGS_MODULE: no settings at all
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout)
    expected = {f"samordna.rules.{m.name}" for m in pkgutil.iter_modules(samordna.rules.__path__)}
    assert set(result["modules"]) == expected and "samordna.rules.deadlines" in expected
    assert result["bad"] == []


def test_the_package_holds_no_django_side():
    root = Path(samordna.rules.__file__).parent
    assert not (root / "models.py").exists() and not (root / "migrations").exists()
    assert not (root / "views.py").exists() and not (root / "templates").exists()
    from django.conf import settings

    assert "samordna.rules" not in settings.INSTALLED_APPS
