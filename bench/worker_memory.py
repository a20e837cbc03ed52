"""Peak memory of a gunicorn web worker serving every results page, export and API call.

    .venv/bin/python bench/worker_memory.py [--responses 1000000] [--database-url URL]
    scripts/with-postgres .venv/bin/python bench/worker_memory.py     # the same on PostgreSQL

Uses the database of bench/results_ttfb.py (seeded and scored the same way, kept between runs).
Starts gunicorn on 127.0.0.1 with the production configuration (one worker, four threads,
``--preload`` as docs/deploy.md says; ``--no-preload`` to compare) and signs in as an analyst
with two-factor sign-in. With the results cache emptied first, so that the worker counts
everything itself, it requests the overview, then for each survey and grouping the results
page, the printable report, the CSV and XLSX exports and the results API; then all of it once
more from the stored counts. It reports the worker's resident set size (VmRSS, VmHWM from
/proc, Linux only) after start-up, its peak over signing in (verifying an Argon2id password
hash takes 19 MiB for a moment), and its peak while serving the results (the peak is reset
after signing in). Target: under 300 MB.

With ``--workers N`` the figures are the largest of any worker, and the requests are shared
among them as gunicorn hands them out. ``--preload`` loads the app in gunicorn's master before
it starts the workers, which then share the libraries' memory until they write to it. RSS counts
shared pages in full in every process that maps them, so the run also reports PSS (each shared
page divided among the processes sharing it) summed over the master and its workers: what the
machine actually spends.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from app.services.results_labels import dimensions_for  # noqa: E402
from bench.results_setup import (  # noqa: E402
    database_url,
    forget_stored_counts,
    label,
    prepare,
    sign_in,
)

TARGET_MB = 300
SLUGS = ("stop-search", "listening-session", "say-to-stay")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_mb(pid: int) -> dict[str, float]:
    """Current (VmRSS) and peak (VmHWM) resident set size, and the proportional set size (Pss),
    in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == "Pss":
            fields[name] = int(value.split()[0]) / 1024
    return fields


def largest(pids: list[int]) -> dict[str, float]:
    """The largest current and peak RSS of any of ``pids``, and their PSS added up."""
    each = [memory_mb(pid) for pid in pids]
    return {
        "VmRSS": max(m["VmRSS"] for m in each),
        "VmHWM": max(m["VmHWM"] for m in each),
        "Pss": sum(m["Pss"] for m in each),
    }


def reset_peak(pid: int) -> bool:
    """Start VmHWM again from the current RSS (Linux: clear_refs 5); False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def wait_for(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def urls(base: str) -> list[tuple[str, bool]]:
    """(url, uses the API token) for everything an analyst can read."""
    found = [(f"{base}/results/", False)]
    for slug in SLUGS:
        for by in dimensions_for(slug):
            found += [
                (f"{base}/results/{slug}?by={by}", False),
                (f"{base}/results/{slug}/report?by={by}", False),
                (f"{base}/results/{slug}/export.csv?by={by}", False),
                (f"{base}/results/{slug}/export.xlsx?by={by}", False),
                (f"{base}/api/v1/surveys/{slug}/results?by={by}", True),
            ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--preload",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="gunicorn --preload, as docs/deploy.md says (default: on)",
    )
    args = parser.parse_args()
    url = database_url(args.database_url, args.responses)
    prepared = prepare(url, args.responses, args.seed)
    forget_stored_counts(url)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "LISTENING_POST_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": url,
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1, no proxy in front
        "API_RATE_LIMIT": "100000 per minute",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "600",
            "--no-control-socket",
            *(["--preload"] if args.preload else []),
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(base, server)
        for _ in range(100):  # every worker up
            pids = workers(server.pid)
            if len(pids) == args.workers:
                break
            time.sleep(0.2)
        started = largest(pids)
        started_pss = started["Pss"] + memory_mb(server.pid)["Pss"]
        session = sign_in(base, prepared)
        signed_in = largest(pids)
        reset = all([reset_peak(pid) for pid in pids])
        api = {"Authorization": f"Bearer {prepared.api_token}"}
        failures = []
        for round_name in ("counted from the rows", "from stored counts"):
            began = time.perf_counter()
            for address, token in urls(base):
                response = session.get(address, headers=api if token else {})
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {address}")
            seconds = time.perf_counter() - began
            now = largest(pids)
            print(
                f"  {round_name}: {len(urls(base))} requests in {seconds:,.0f} s, "
                f"worker RSS {now['VmRSS']:,.0f} MB, peak {now['VmHWM']:,.0f} MB",
                file=sys.stderr,
            )
        end = largest(pids)
        end_pss = end["Pss"] + memory_mb(server.pid)["Pss"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    peak = max(end["VmHWM"], signed_in["VmHWM"])
    verdict = "ok" if peak < TARGET_MB else "OVER"
    results_peak = (
        f"peak while serving the results {end['VmHWM']:,.0f} MB"
        if reset
        else "(peak could not be reset after signing in)"
    )
    workers_text = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    print(
        f"{label(url)}, {args.responses:,} responses, gunicorn {workers_text} x {args.threads} "
        f"threads, {'--preload' if args.preload else 'no --preload'}: "
        f"worker RSS after start-up {started['VmRSS']:,.0f} MB; peak over signing in "
        f"(one Argon2 hash) {signed_in['VmHWM']:,.0f} MB; {results_peak}; "
        f"overall peak {peak:,.0f} MB (target under {TARGET_MB} MB) {verdict}; "
        f"PSS of master and workers together {started_pss:,.0f} MB after start-up, "
        f"{end_pss:,.0f} MB at the end"
    )
    for failure in failures:
        print(f"  not 200: {failure}")


if __name__ == "__main__":
    main()
