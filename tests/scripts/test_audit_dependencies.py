"""scripts/audit-dependencies: pip-audit first, PyPI's advisory data for latest releases when
pip-audit cannot audit. pip-audit's run and PyPI are replaced by fakes: no network here."""

from __future__ import annotations

import importlib.util
import io
import json
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
UNREACHABLE = "ConnectionError: osv.dev could not be reached"


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    loader = SourceFileLoader("audit_dependencies", str(SCRIPTS / "audit-dependencies"))
    spec = importlib.util.spec_from_loader("audit_dependencies", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture
def requirements(tmp_path: Path) -> Path:
    path = tmp_path / "requirements.txt"
    path.write_text(
        "Flask_SQLAlchemy==3.1.1\n    # via -r requirements.in\nnumpy==2.4.6 \\\n"
        "    --hash=sha256:abc\n# a comment\n-c constraints.txt\n"
    )
    return path


def project(version: str, *vulnerabilities: dict) -> dict:
    return {"info": {"version": version}, "vulnerabilities": list(vulnerabilities)}


def advisory(withdrawn: str | None = None) -> dict:
    return {
        "id": "GHSA-abcd-1234-wxyz",
        "aliases": ["CVE-2026-0001"],
        "fixed_in": ["2.4.7"],
        "withdrawn": withdrawn,
    }


def fake_pypi(projects: dict[str, dict]):
    asked: list[str] = []

    def fetch(name: str) -> dict:
        asked.append(name)
        if isinstance(projects[name], Exception):
            raise projects[name]
        return projects[name]

    fetch.asked = asked
    return fetch


def unreachable(files: list[str]) -> str:
    """pip-audit, when its service cannot be reached: no report, only a reason."""
    return UNREACHABLE


def answering(report: dict):
    def pip_audit(files: list[str]) -> dict:
        return report

    return pip_audit


def run(script: ModuleType, requirements: Path, pip_audit, fetch) -> int:
    return script.main([str(requirements)], pip_audit=pip_audit, fetch=fetch)


def test_every_pin_latest_and_clean_is_a_full_audit(script, requirements, capsys):
    fetch = fake_pypi({"flask-sqlalchemy": project("3.1.1"), "numpy": project("2.4.6")})

    assert run(script, requirements, unreachable, fetch) == 0

    out = capsys.readouterr()
    assert UNREACHABLE in out.err
    assert "audited 2 of 2 pins (0 by pip-audit, 2 by PyPI's advisory data for latest" in out.out
    assert "not audited" not in out.out
    assert sorted(fetch.asked) == ["flask-sqlalchemy", "numpy"]


def test_a_vulnerable_latest_release_fails_with_its_advisory(script, requirements, capsys):
    fetch = fake_pypi({"flask-sqlalchemy": project("3.1.1"), "numpy": project("2.4.6", advisory())})

    assert run(script, requirements, unreachable, fetch) == 1

    out = capsys.readouterr().out
    assert "VULNERABLE numpy 2.4.6: GHSA-abcd-1234-wxyz (CVE-2026-0001; fixed in 2.4.7)" in out
    assert "source: PyPI's advisory data for latest releases" in out


def test_a_withdrawn_advisory_is_not_a_vulnerability(script, requirements, capsys):
    withdrawn = advisory(withdrawn="2026-01-02T03:04:05Z")
    fetch = fake_pypi({"flask-sqlalchemy": project("3.1.1"), "numpy": project("2.4.6", withdrawn)})

    assert run(script, requirements, unreachable, fetch) == 0

    assert "VULNERABLE" not in capsys.readouterr().out


def test_a_pin_older_than_the_latest_release_is_listed_as_not_audited(script, requirements, capsys):
    fetch = fake_pypi({"flask-sqlalchemy": project("3.1.1"), "numpy": project("2.5.5")})

    assert run(script, requirements, unreachable, fetch) == 3

    assert (
        "audited 1 of 2 pins (0 by pip-audit, 1 by PyPI's advisory data for latest releases); "
        "not audited: numpy 2.4.6 (latest 2.5.5)"
    ) in capsys.readouterr().out


def test_a_package_pypi_does_not_answer_for_is_not_audited(script, requirements, capsys):
    fetch = fake_pypi({"flask-sqlalchemy": project("3.1.1"), "numpy": TimeoutError("timed out")})

    assert run(script, requirements, unreachable, fetch) == 3

    assert "not audited: numpy 2.4.6 (PyPI did not answer: timed out)" in capsys.readouterr().out


def pip_audit_report(*dependencies: dict) -> dict:
    return {"dependencies": list(dependencies), "fixes": []}


def test_when_pip_audit_audits_everything_its_result_is_used_alone(script, requirements, capsys):
    report = pip_audit_report(
        {"name": "flask-sqlalchemy", "version": "3.1.1", "vulns": []},
        {
            "name": "numpy",
            "version": "2.4.6",
            "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["2.4.7"]}],
        },
    )
    fetch = fake_pypi({})

    assert run(script, requirements, answering(report), fetch) == 1

    out = capsys.readouterr().out
    assert "VULNERABLE numpy 2.4.6: PYSEC-2026-1 (fixed in 2.4.7)" in out
    assert "pip-audit: 2 pinned packages audited, 1 known vulnerabilities." in out
    assert "PyPI's advisory data" not in out
    assert fetch.asked == []


def test_pins_pip_audit_skipped_are_checked_against_pypi(script, requirements, capsys):
    report = pip_audit_report(
        {"name": "flask-sqlalchemy", "version": "3.1.1", "vulns": []},
        {"name": "numpy", "skip_reason": "Dependency not found on PyPI: numpy (2.4.6)"},
    )
    fetch = fake_pypi({"numpy": project("2.4.6")})

    assert run(script, requirements, answering(report), fetch) == 0

    assert fetch.asked == ["numpy"]
    assert "audited 2 of 2 pins (1 by pip-audit, 1 by PyPI's" in capsys.readouterr().out


def test_pins_are_read_once_each_with_normalised_names(script, requirements, tmp_path):
    dev = tmp_path / "requirements-dev.txt"
    dev.write_text("numpy==2.4.6\nruff[extra]==0.20.0 ; python_version >= '3.11'\nhypothesis\n")

    pins = script.read_pins([requirements, dev])

    assert [(pin.name, pin.version) for pin in pins] == [
        ("flask-sqlalchemy", "3.1.1"),
        ("numpy", "2.4.6"),
        ("ruff", "0.20.0"),
        ("hypothesis", ""),
    ]


def test_an_unpinned_requirement_is_not_audited(script, tmp_path, capsys):
    loose = tmp_path / "requirements.txt"
    loose.write_text("hypothesis\n")
    fetch = fake_pypi({"hypothesis": project("6.170.17")})

    assert run(script, loose, unreachable, fetch) == 3

    assert "not audited: hypothesis (not pinned to one version)" in capsys.readouterr().out


def test_pypi_is_asked_for_the_project_by_its_normalised_name(script, monkeypatch):
    asked: list[str] = []

    def urlopen(request, timeout):
        asked.append(request.full_url)
        return io.BytesIO(json.dumps(project("3.1.1")).encode())

    monkeypatch.setattr("urllib.request.urlopen", urlopen)

    assert script.pypi_advisories.fetch_project(script.normalise("Flask_SQLAlchemy")) == project(
        "3.1.1"
    )
    assert asked == ["https://pypi.org/pypi/flask-sqlalchemy/json"]
