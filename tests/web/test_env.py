"""The strict settings helpers refuse bad values, and a bad environment stops the start naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from samordna.lib.env import envbool, envint, envlist, envstr, site_url

ROOT = Path(__file__).resolve().parents[2]


def test_it_reads_booleans_strictly(monkeypatch):
    monkeypatch.setenv("X", "True")
    assert envbool("X", "False") is True
    monkeypatch.setenv("X", "False")
    assert envbool("X", "True") is False
    monkeypatch.setenv("X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X must be True or False, not 'maybe'"):
        envbool("X", "False")


def test_it_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("X", raising=False)
    assert envbool("X", "True") is True
    assert envint("X", "7") == 7
    assert envlist("X", "a, b,,c") == ["a", "b", "c"]
    assert envstr("X", "d") == "d"


def test_it_reads_whole_numbers_strictly(monkeypatch):
    monkeypatch.setenv("X", "12")
    assert envint("X", "0") == 12
    for bad in ("twelve", "1.5", ""):
        monkeypatch.setenv("X", bad)
        with pytest.raises(ImproperlyConfigured, match="X must be a whole number"):
            envint("X", "0")


def test_it_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("X_FILE", str(secret))
    assert envstr("X") == "s3cret"
    monkeypatch.setenv("X_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_FILE: cannot read"):
        envstr("X")


def _import_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAMORDNA_", "DATABASE_URL"))}
    clean.update({"SAMORDNA_VAR_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, "-c", "import samordna.settings"], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "message"), [
    ({"DEBUG": "maybe"}, "DEBUG must be True or False, not 'maybe'"),
    ({"HTTPS": "yes please"}, "HTTPS must be True or False"),
    ({"CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE must be a whole number"),
    ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
    ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50 characters long"),
    ({"DATABASE_URL": "nonsense://what"}, "DATABASE_URL is not a database URL"),
    ({"SECRET_KEY_FILE": "/nonexistent/samordna-key"}, "SECRET_KEY_FILE: cannot read"),
])
def test_it_refuses_to_start_with_a_bad_setting(tmp_path, env, message):
    result = _import_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_it_starts_with_the_defaults(tmp_path):
    result = _import_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def _settings_value(tmp_path, name, **env):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "SAMORDNA_", "DATABASE_URL", "SITE_URL", "HOST", "PORT"))}
    clean.update({"SAMORDNA_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run([sys.executable, "-c", f"import samordna.settings as s; print(s.{name})"], cwd=ROOT,
                            env=clean, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "http://127.0.0.1:8000"),
    ({"PORT": "9123"}, "http://127.0.0.1:9123"),
    ({"HOST": "localhost", "PORT": "8080"}, "http://localhost:8080"),
    ({"HOST": "::1"}, "http://[::1]:8000"),
    # set, it names the public address whatever HOST and PORT are (behind a proxy)
    ({"SITE_URL": "https://samordna.example.se/", "PORT": "9123"}, "https://samordna.example.se"),
])
def test_site_url_follows_host_and_port_unless_set(tmp_path, env, expected):
    # the Årshjul's subscription link is SITE_URL + the feed's path (samordna/arshjul/views.py)
    assert _settings_value(tmp_path, "SITE_URL", **env) == expected


def test_it_refuses_a_port_that_is_no_number(tmp_path):
    result = _import_settings(tmp_path, PORT="http")
    assert result.returncode != 0
    assert "PORT must be a whole number, not 'http'" in result.stderr


def test_site_url_for_an_address():
    assert site_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert site_url("2001:db8::1", 80) == "http://[2001:db8::1]:80"
    assert site_url("[::1]", 8001) == "http://[::1]:8001"


def test_serve_points_site_url_at_its_own_address(monkeypatch, settings):
    # `samordna serve --port N` without SITE_URL: the links name the port it serves on
    import gunicorn.app.base
    from django.core.management import call_command

    bound = {}

    class Stop(Exception):
        pass

    def run(app):
        app.load_config()
        bound["bind"] = app.cfg.bind
        raise Stop

    settings.SITE_URL = "http://127.0.0.1:8000"  # through the fixture, so that the test's change is undone
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SITE_URL_FILE", raising=False)
    monkeypatch.setattr("samordna.web.management.commands.serve.ensure_schema", lambda: None)
    monkeypatch.setattr(gunicorn.app.base.BaseApplication, "run", run)
    monkeypatch.setattr(gunicorn.app.base.BaseApplication, "__init__", lambda self: setattr(
        self, "cfg", gunicorn.config.Config()))
    with pytest.raises(Stop):
        call_command("serve", "--port", "8765", "--host", "localhost", stdout=open(os.devnull, "w"))
    assert bound["bind"] == ["localhost:8765"]
    assert settings.SITE_URL == "http://localhost:8765"
