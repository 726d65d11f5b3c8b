"""samordna check: exit codes, JSON and text output, file and database modes."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.rules_web.conftest import EXEMPEL

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    """Run the command in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("rules_check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_it_finds_nothing_in_the_example_as_of_summer_2026():
    code, out, err = run("--file", str(EXEMPEL), "--as-of", "2026-06-30", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2026-06-30"
    assert [f for f in data["findings"] if f["level"] in ("error", "warning")] == []


def test_it_exits_1_with_the_missed_budget_deadline_in_december():
    code, out, _ = run("--file", str(EXEMPEL), "--as-of", "2026-12-20", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"as_of", "findings"}
    rules = {(f["rule"], f["level"]) for f in data["findings"]}
    assert ("budget-deadline", "error") in rules
    assert ("insats-reports", "warning") in rules
    for finding in data["findings"]:
        assert set(finding) == {"rule", "level", "forbund", "subject", "message", "source"}
        assert finding["forbund"] == "ex"


def test_it_writes_a_swedish_text_report_grouped_by_forbund_and_level():
    code, out, _ = run("--file", str(EXEMPEL), "--as-of", "2026-12-20")
    assert code == 1
    assert "Regelkontroll per 20 december 2026" in out
    assert "Samordningsförbundet Exempel (ex)" in out
    assert out.index("  Fel (1)") < out.index("  Varningar (1)")
    assert "Budget 2027 [budget-deadline]" in out
    assert "Källa: FinsamL 23 §" in out
    assert "Summering: 1 fel, 1 varning och 0 påminnelser i 1 förbund (1 förbund med fel)." in out


def test_it_says_so_when_there_is_nothing_to_report():
    code, out, _ = run("--file", str(EXEMPEL), "--as-of", "2026-06-30", "--forbund", "ex")
    assert code == 0
    assert "Samordningsförbundet Exempel (ex): inga avvikelser." in out


def test_it_exits_2_on_a_bad_date():
    code, _, err = run("--file", str(EXEMPEL), "--as-of", "2026-13-01")
    assert code == 2
    assert "2026-13-01" in err


def test_it_exits_2_naming_an_unknown_forbund_in_a_file():
    code, _, err = run("--file", str(EXEMPEL), "--forbund", "ex", "nosuch")
    assert code == 2
    assert "nosuch" in err


def test_it_exits_2_with_every_problem_of_an_invalid_file_on_its_own_line(tmp_path):
    doc = json.loads(EXEMPEL.read_text(encoding="utf-8"))
    doc["forbund"][0]["members"][0]["kind"] = "kyrka"
    doc["forbund"][0]["meetings"][0]["date"] = "igår"
    bad = tmp_path / "trasig.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run("--file", str(bad))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) >= 2
    assert all(line.startswith(f"{bad}: ") for line in lines)
    assert any("forbund[0].members[0].kind" in line for line in lines)
    assert any("forbund[0].meetings[0].date" in line for line in lines)


def test_it_exits_2_on_a_file_that_is_not_json(tmp_path):
    bad = tmp_path / "inte.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run("--file", str(bad))
    assert code == 2
    assert str(bad) in err and "not valid JSON" in err


def test_it_exits_2_on_a_missing_file(tmp_path):
    code, _, err = run("--file", str(tmp_path / "finns-inte.json"))
    assert code == 2
    assert "finns-inte.json" in err


@pytest.mark.django_db
def test_it_checks_the_database_after_importing_the_example(exempel):
    code, out, _ = run("--forbund", "ex", "--as-of", "2026-06-30", "--format", "json")
    assert code == 0
    assert [f for f in json.loads(out)["findings"] if f["level"] != "info"] == []
    code, out, _ = run("--forbund", "ex", "--as-of", "2026-12-20", "--format", "json")
    assert code == 1
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"budget-deadline", "insats-reports"} <= rules


@pytest.mark.django_db
def test_it_checks_every_forbund_of_the_database_by_default(exempel):
    code, out, _ = run("--as-of", "2026-06-30")
    assert "Samordningsförbundet Exempel (ex)" in out
    assert "(sf-vastra-vastmanland)" in out and "(sf-uppsala-norra)" in out
    assert code in (0, 1)


@pytest.mark.django_db
def test_it_exits_2_naming_an_unknown_forbund_in_the_database(demo):
    code, _, err = run("--forbund", "sf-finns-inte")
    assert code == 2
    assert "sf-finns-inte" in err


def test_it_sets_the_exit_status_of_the_samordna_command(tmp_path):
    exe = shutil.which("samordna", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the samordna script is not installed in this environment")
    env = {**os.environ, "SAMORDNA_VAR_DIR": str(tmp_path)}
    for day, status in (("2026-06-30", 0), ("2026-12-20", 1), ("30/6", 2)):
        done = subprocess.run([exe, "check", "--file", str(EXEMPEL), "--as-of", day, "--format", "json"],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert done.returncode == status, (day, done.stderr)
