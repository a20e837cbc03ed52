"""A small page-level client: fetch pages, parse them, and fill in forms as a person would."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bs4 import BeautifulSoup, SoupStrainer
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.markup import markup_problems


@dataclass
class Page:
    status: int
    url: str
    html: str

    @property
    def soup(self) -> BeautifulSoup:
        """The page parsed afresh: a test may change it (drop the hidden "Error:" and so on)."""
        return BeautifulSoup(self.html, "html.parser")

    @cached_property
    def _parsed(self) -> BeautifulSoup:
        """The page parsed once, for the methods below, which only read it."""
        return self.soup

    @cached_property
    def _inputs(self) -> BeautifulSoup:
        """Only the page's inputs, parsed once: a post reads its two hidden fields from them,
        and building the whole page's tree for that was most of the time a post took."""
        return BeautifulSoup(self.html, "html.parser", parse_only=SoupStrainer("input"))

    @property
    def title(self) -> str:
        return " ".join(self._parsed.title.get_text().split())

    @property
    def h1(self) -> str:
        heading = self._parsed.find("h1") or self._parsed.select_one(".govuk-panel__title")
        return " ".join(heading.get_text().split()) if heading else ""

    def text(self) -> str:
        main = self._parsed.find("main")
        return " ".join((main or self._parsed).get_text(" ").split())

    def error_summary(self) -> list[str]:
        summary = self._parsed.select_one(".govuk-error-summary")
        if summary is None:
            return []
        return [" ".join(a.get_text().split()) for a in summary.select("li a")]

    def field_errors(self) -> list[str]:
        return [
            " ".join(e.get_text().replace("Error:", "").split())
            for e in self._parsed.select(".govuk-error-message")
        ]

    def checked(self, name: str) -> list[str]:
        return [i["value"] for i in self._parsed.select(f"input[name='{name}'][checked]")]

    def textarea(self, name: str) -> str:
        area = self._parsed.select_one(f"textarea[name='{name}']")
        return area.get_text() if area else ""

    def csrf_token(self) -> str:
        field = self._inputs.select_one("input[name='csrf_token']")
        return field["value"] if field else ""

    def form_started(self) -> str:
        """The respondent's forms' signed fill-time stamp (app/public/bot_check.py)."""
        field = self._inputs.select_one("input[name='form-started']")
        return field["value"] if field else ""

    def table(self, caption_starts: str) -> dict[str, list[str]]:
        """The rows of the table whose caption starts so, as {row header: [cell texts]}."""
        for table in self._parsed.select("table"):
            caption = table.select_one("caption")
            if caption and " ".join(caption.get_text().split()).startswith(caption_starts):
                return {
                    " ".join(row.select_one("th").get_text().split()): [
                        " ".join(cell.get_text().split()) for cell in row.select("td")
                    ]
                    for row in table.select("tbody tr")
                }
        raise AssertionError(f"no table captioned {caption_starts!r}")

    def legends(self) -> list[str]:
        found = self._parsed.select("legend, label.govuk-label--m")
        return [" ".join(x.get_text().split()) for x in found]


class Browser:
    """Wraps the Flask test client; keeps the last page so forms can be posted from it."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.page: Page | None = None

    def get(self, url: str, *, follow: bool = True) -> Page:
        return self._read(self.client.get(url, follow_redirects=follow))

    def post(
        self, url: str | None = None, data: dict[str, Any] | None = None, *, csrf: bool = True
    ) -> Page:
        assert self.page is not None or url is not None
        target = url or self.page.url
        payload = dict(data or {})
        if csrf and self.page is not None:
            payload.setdefault("csrf_token", self.page.csrf_token())
        if self.page is not None and self.page.form_started():
            # A browser sends the form's hidden stamp with it; the honeypot box stays empty.
            payload.setdefault("form-started", self.page.form_started())
        if self.page is not None:
            # A builder form sends the stamp of the draft its page showed. A page whose forms
            # all carry the same stamp is the draft's page: send it, as a person's browser would.
            stamps = {
                field.get("value", "")
                for field in self.page._inputs.select("input[name='draft_version']")
            }
            if len(stamps) == 1:
                payload.setdefault("draft_version", stamps.pop())
        return self._read(self.client.post(target, data=payload, follow_redirects=True))

    def _read(self, response: TestResponse) -> Page:
        """Keep the page; every HTML page any test reads must have sound markup."""
        self.page = Page(
            response.status_code, response.request.path, response.get_data(as_text=True)
        )
        if response.mimetype == "text/html":
            problems = markup_problems(self.page.html)
            assert not problems, f"{self.page.url}: {problems}"
        return self.page
