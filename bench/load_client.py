"""bench/load.py's simulated respondents: a small HTTP client, the stop-search journey, and
measuring a batch of requests (rate, latencies, and the CPU the server and the clients used)."""

from __future__ import annotations

import http.client
import os
import random
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

THANK_YOU = "Thank you, your answers have been sent"
#: The confirmation page for answers sent a second time, after the first send was stored.
SENT_ONCE = "Your answers were sent once"
TEXT_ANSWERS = [
    "He explained why and was polite throughout.",
    "They did not tell me why I was stopped. I felt humiliated in front of my friends.",
    "Fine.",
    "The officer was rude and the search took far too long.",
    "",
]

INPUT = re.compile(r"<input\b([^>]*)>")
TEXTAREA = re.compile(r"<textarea\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
START_BUTTON = re.compile(
    r'<a [^>]*href="([^"]+)"[^>]*govuk-button--start|'
    r'<a [^>]*govuk-button--start[^>]*href="([^"]+)"'
)


# -- a small HTTP client: one keep-alive connection per thread, a cookie jar per respondent ----


class Http:
    """Counts every status it sees; each thread keeps its own connection to the server."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.local = threading.local()
        self.statuses: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()
        self.resent = 0  # requests sent again after the server dropped the connection
        self.lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            self.local.connection = connection
        return connection

    def request(
        self, method: str, path: str, body: str | None = None, cookie: str | None = None
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Accept": "text/html"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookie:
            headers["Cookie"] = cookie
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read().decode()
                break
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection; a fresh one is a new request.
                # Or its worker died: then this is the person pressing the button again.
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
                with self.lock:
                    self.resent += 1
        with self.lock:
            self.statuses[response.status] += 1
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def failed(self, reason: str) -> None:
        with self.lock:
            self.failures[reason] += 1


def form_body(fields: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


@dataclass
class Respondent:
    token: str
    rng: random.Random
    cookie: str | None = None
    csrf: str = ""
    form_started: str = ""
    withdrawal_code: str | None = None
    pages: int = 0
    # Sent again after a dropped connection, and told the answers were sent once (or, on a
    # journey no longer remembered, that the link was used): stored by the first request, whose
    # worker died before the confirmation reached the respondent.
    confirmation_lost: bool = False

    def remember(self, headers: dict[str, str]) -> None:
        set_cookie = headers.get("set-cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]

    def answers_for(self, html: str) -> list[tuple[str, str]]:
        """Pick an answer to every radio group and box on a page, as a person might."""
        options: dict[str, list[str]] = {}
        fields: list[tuple[str, str]] = []
        for match in INPUT.finditer(html):
            attributes = dict(ATTRIBUTE.findall(match.group(1)))
            name, kind = attributes.get("name"), attributes.get("type")
            if name == "csrf_token":
                self.csrf = attributes.get("value", "")
                fields.append((name, self.csrf))
            elif kind == "hidden" and name:
                fields.append((name, attributes.get("value", "")))
            elif kind in ("radio", "checkbox") and name:
                options.setdefault(name, []).append(attributes.get("value", ""))
            # Any other input (a text field, a trap for bots) is left as it is: empty.
        for name, values in options.items():
            fields.append((name, self.rng.choice(values)))
        for match in TEXTAREA.finditer(html):
            name = dict(ATTRIBUTE.findall(match.group(1))).get("name")
            if name:
                fields.append((name, self.rng.choice(TEXT_ANSWERS)))
        return fields


def _path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fill_in(http_client: Http, respondent: Respondent) -> bool:
    """Open the link and answer every page; True when the check-your-answers page is reached."""
    status, headers, html = http_client.request("GET", f"/r/{respondent.token}")
    respondent.remember(headers)
    if status != 200:
        http_client.failed(f"start page {status}")
        return False
    found = START_BUTTON.search(html)
    if not found:
        http_client.failed("no start button")
        return False
    path = _path(found.group(1) or found.group(2))
    for _ in range(30):
        status, headers, html = http_client.request("GET", path, cookie=respondent.cookie)
        respondent.remember(headers)
        if status != 200:
            http_client.failed(f"GET page {status}")
            return False
        if path.endswith("/check"):
            match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
            respondent.csrf = match.group(1) if match else ""
            match = re.search(r'name="form-started" type="hidden" value="([^"]+)"', html)
            respondent.form_started = match.group(1) if match else ""
            return True
        body = form_body(respondent.answers_for(html))
        status, headers, _html = http_client.request(
            "POST", path, body=body, cookie=respondent.cookie
        )
        respondent.remember(headers)
        respondent.pages += 1
        if status != 302:
            http_client.failed(f"POST page {status}")
            return False
        path = _path(headers["location"])
    http_client.failed("too many pages")
    return False


def submit(http_client: Http, respondent: Respondent) -> float | None:
    """Press "Send answers"; returns the submit request's latency in seconds when it worked."""
    body = form_body([("csrf_token", respondent.csrf), ("form-started", respondent.form_started)])
    started = time.perf_counter()
    status, headers, html = http_client.request(
        "POST", f"/r/{respondent.token}/check", body=body, cookie=respondent.cookie
    )
    elapsed = time.perf_counter() - started
    respondent.remember(headers)
    if status == 410 and "already been used" in html:
        respondent.confirmation_lost = True
        return None
    if status == 303 and headers.get("location", "").endswith("/done"):
        # Sent again after the first send's connection dropped (a killed worker): the first
        # send was stored, and the confirmation says so, with no withdrawal code to show.
        status, _headers, html = http_client.request(
            "GET", f"/r/{respondent.token}/done", cookie=respondent.cookie
        )
        if status == 200 and SENT_ONCE in html:
            respondent.confirmation_lost = True
        else:
            http_client.failed(f"sent-again confirmation {status}")
        return None
    if status != 302 or not headers.get("location", "").endswith("/done"):
        http_client.failed(f"submit {status}")
        return None
    return elapsed


def confirm(http_client: Http, respondent: Respondent) -> bool:
    status, _headers, html = http_client.request(
        "GET", f"/r/{respondent.token}/done", cookie=respondent.cookie
    )
    code = withdrawal_code(html)
    if status != 200 or THANK_YOU not in html or code is None:
        http_client.failed(f"confirmation {status}")
        return False
    respondent.withdrawal_code = code
    return True


def withdrawal_code(html: str) -> str | None:
    """The withdrawal code on a confirmation page, as the respondent reads it (the page may set
    its groups of four in elements of their own, with line-break hints between them)."""
    match = re.search(r'id="withdrawal-code"[^>]*>(.*?)</p>', html, re.DOTALL)
    if match is None:
        return None
    code = re.sub(r"<[^>]*>|\s", "", match.group(1))
    return code if re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4})+", code) else None


def insert_one(http_client: Http, index: int) -> float | None:
    started = time.perf_counter()
    status, _headers, _body = http_client.request("POST", "/insert", body=f"value=row-{index}")
    elapsed = time.perf_counter() - started
    if status != 201:
        http_client.failed(f"insert {status}")
        return None
    return elapsed


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Measured:
    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    server_cpu: float = 0.0  # seconds of CPU used by the server's master and workers
    client_cpu: float = 0.0  # seconds of CPU used by this process (the simulated clients)
    database_cpu: float = 0.0  # seconds of CPU used by PostgreSQL's processes (SQLite: none)

    def cpu_ms(self, seconds: float) -> float:
        return seconds / len(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[round(share * 100) - 1] * 1000


def run_all(
    concurrency: int, items: list, work: Callable[[object], object]
) -> tuple[float, list[object]]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(work, items))
    return time.perf_counter() - started, results


def timed(
    concurrency: int,
    items: list,
    work: Callable[[object], float | None],
    server: int,
    database: int | None = None,
) -> Measured:
    """Run ``work`` over ``items``, with the CPU time the server (by its master's process id),
    the database server (PostgreSQL's, by its postmaster's id; None for SQLite, which works
    inside the server) and the clients used meanwhile: where the time of a request goes."""
    server_before, client_before = process_tree_cpu(server), time.process_time()
    database_before = process_tree_cpu(database) if database else 0.0
    seconds, results = run_all(concurrency, items, work)
    return Measured(
        len(items),
        seconds,
        [r for r in results if r is not None],
        server_cpu=process_tree_cpu(server) - server_before,
        client_cpu=time.process_time() - client_before,
        database_cpu=process_tree_cpu(database) - database_before if database else 0.0,
    )


def _cpu_seconds(fields_after_name: list[str]) -> float:
    """utime + stime of a /proc/<pid>/stat line, its fields after the process name."""
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields_after_name[11]) + int(fields_after_name[12])) / tick


def process_tree_cpu(pid: int) -> float:
    """User and system CPU seconds of a process and its children (Linux /proc; 0 elsewhere). A
    worker killed meanwhile takes its seconds with it, so that round's figure is a floor."""
    total, pids = 0.0, [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += _cpu_seconds(fields)
        pids += [int(child) for child in children]
    return total
