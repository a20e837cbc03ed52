"""Audit pinned packages against PyPI's advisory data for each project's latest release.

Used by scripts/audit-dependencies when pip-audit cannot use its own service. PyPI's project
endpoint (https://pypi.org/pypi/<name>/json) lists the known vulnerabilities of the project's
latest release only (PyPI takes them from the PyPA advisory database via OSV), so a pin that is
the latest release is audited and an older pin is listed as not audited. Standard library only:
this runs before anything else is trusted.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_URL = "https://pypi.org/pypi/{name}/json"
THREADS = 8
TIMEOUT_SECONDS = 20
SOURCE = "PyPI's advisory data for latest releases"

# "name==version", with optional extras and environment marker, as pip-compile writes them.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:==\s*([^\s;\\]+))?")


@dataclass(frozen=True)
class Pin:
    name: str  # normalised (PEP 503)
    version: str  # "" when the requirement is not pinned to one version


@dataclass(frozen=True)
class Vulnerability:
    pin: Pin
    id: str
    aliases: list[str]
    fixed_in: list[str]


@dataclass
class Findings:
    audited: list[Pin] = field(default_factory=list)
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    not_audited: dict[Pin, str] = field(default_factory=dict)  # pin -> why, for people


def normalise(name: str) -> str:
    """The PEP 503 form of a project name, as PyPI's URLs use it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(paths: Iterable[Path]) -> list[Pin]:
    """Every requirement in the files, once each, in order (options and comments skipped)."""
    pins: dict[Pin, None] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split(" #", 1)[0].strip()
            match = PIN.match(line) if line and line[0] not in "#-" else None
            if match:
                pins[Pin(normalise(match[1]), match[2] or "")] = None
    return list(pins)


def fetch_project(name: str) -> dict:
    """PyPI's JSON description of a project at its latest release."""
    url = PROJECT_URL.format(name=name)
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return json.load(response)


def audit(pins: list[Pin], fetch: Callable[[str], dict] = fetch_project) -> Findings:
    """Audit each pin that is its project's latest release; say why each other one is not."""
    findings = Findings()

    def look_up(pin: Pin) -> tuple[Pin, dict | Exception]:
        try:
            return pin, fetch(pin.name)
        except Exception as error:  # any failure leaves this one pin unaudited, not the rest
            return pin, error

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for pin, project in pool.map(look_up, pins):
            if isinstance(project, Exception):
                findings.not_audited[pin] = f"PyPI did not answer: {project}"
                continue
            latest = str(project.get("info", {}).get("version", ""))
            if not pin.version:
                findings.not_audited[pin] = "not pinned to one version"
            elif pin.version != latest:
                findings.not_audited[pin] = f"latest {latest or 'unknown'}"
            else:
                findings.audited.append(pin)
                findings.vulnerabilities += [
                    Vulnerability(
                        pin, v.get("id", "?"), v.get("aliases") or [], v.get("fixed_in") or []
                    )
                    for v in project.get("vulnerabilities") or []
                    if not v.get("withdrawn")
                ]
    return findings


def report(findings: Findings) -> None:
    """Print each known vulnerability found, then how many pins were audited."""
    for vuln in findings.vulnerabilities:
        aliases = ", ".join(vuln.aliases) or "no aliases"
        fixed = ", ".join(vuln.fixed_in) or "no fixed version yet"
        print(
            f"VULNERABLE {vuln.pin.name} {vuln.pin.version}: {vuln.id} ({aliases}; "
            f"fixed in {fixed}) [source: {SOURCE}]"
        )
    print(
        f"{SOURCE}: {len(findings.audited)} pinned packages audited, "
        f"{len(findings.vulnerabilities)} known vulnerabilities."
    )
