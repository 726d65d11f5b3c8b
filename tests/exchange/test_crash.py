"""A killed import leaves the database exactly as it was: the import is one transaction."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samordna.exchange.generate import generate
from tests.exchange.helpers import DATA

SAMORDNA = str(Path(sys.executable).with_name("samordna"))
TABLES = ["organisations_forbund", "organisations_person", "meetings_item", "meetings_historicalitem",
          "insatser_insats", "finance_budget", "samrad_consultation"]


def environment(tmp_path) -> dict:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SAMORDNA_VAR_DIR": str(tmp_path)}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """An empty, migrated database file, copied by each test (migrating takes seconds)."""
    path = tmp_path_factory.mktemp("template")
    subprocess.run([SAMORDNA, "migrate", "--no-input"], env=environment(path), check=True, capture_output=True)
    return path / "db.sqlite3"


@pytest.fixture
def database(tmp_path, migrated):
    shutil.copy(migrated, tmp_path / "db.sqlite3")
    return tmp_path


def counts(tmp_path) -> dict:
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def test_it_exits_2_from_the_real_command(database):
    tmp_path = database
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "samordna-exchange/1", "forbund": [{"id": "x", "colour": 1}]}', encoding="utf-8")
    proc = subprocess.run([SAMORDNA, "import", str(bad)], env=environment(tmp_path), capture_output=True, text=True)
    assert proc.returncode == 2
    assert "forbund[0].colour: unknown field" in proc.stderr
    assert counts(tmp_path)["organisations_forbund"] == 0


def test_it_leaves_the_database_as_it_was_when_killed_mid_import(database):
    tmp_path = database
    env = environment(tmp_path)
    subprocess.run([SAMORDNA, "import", str(DATA / "exempel.json")], env=env, check=True, capture_output=True)
    before = counts(tmp_path)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(generate(12, 3, 7)), encoding="utf-8")
    wal = tmp_path / "db.sqlite3-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([SAMORDNA, "import", str(big)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # Wait until it is writing: the write-ahead log grows well past its size before the import.
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed; use a bigger set"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert counts(tmp_path) == before


@pytest.mark.django_db
def test_it_imports_the_big_set_when_not_killed(tmp_path):
    """The set the crash test uses imports cleanly (so the crash test kills a real import)."""
    from samordna.exchange.importer import import_document

    result = import_document(generate(2, 1, 7))
    assert result.total("created") > 0
