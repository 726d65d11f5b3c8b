"""Security headers on every page, and Django's deployment check passes with production settings."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "office"])
def test_it_sends_the_security_headers(persona_client, persona):
    client = persona_client(persona)
    response = client.get("/logga-in/" if persona == "anonymous" else url("forbund-overview"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "http" not in csp and "*" not in csp  # no external host, no wildcard
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_it_loads_nothing_from_another_host(persona_client):
    html = persona_client("office").get(url("forbund-overview")).text
    assert "//" not in html.replace("http://www.w3.org", "").split("<body>")[0].replace("<!DOCTYPE html>", "")


def _production_env(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAMORDNA_", "DATABASE_URL"))}
    env.update({
        "DEBUG": "False", "HTTPS": "True", "ALLOWED_HOSTS": "samordna.example.se",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "SAMORDNA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "samordna.settings",
    })
    return env


def test_it_passes_the_deployment_check_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
