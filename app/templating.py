"""Template globals and filters shared by every blueprint."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, urlencode

from flask import Flask, current_app, request
from flask_babel import format_date as babel_format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.services.definitions import localised
from app.services.links import UK_TIME
from models import Event

LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
_URL_RE = re.compile(
    # [words](address): a link that reads as words; the address is a web address or a path
    # (with no backslash: browsers read "/\" as "//", another site).
    r"\[(?P<words>[^\[\]\n]+)\]\((?P<target>https?://[^\s<()]+|/(?![/\\])[^\s<()\\]*)\)"
    # or a bare web address or path (not one inside another address), its own link text,
    r"|(?P<url>https?://[^\s<]+[^\s<.,;:!?)]|(?<![\w/.])/(?!/)[a-z0-9\-/]+[a-z0-9])"
    # or an email address, which a phone opens in its email app.
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)",
    re.IGNORECASE,
)


def current_language() -> str:
    return str(get_locale() or "en")


def survey_text(text: dict[str, Any] | None) -> Any:
    """Survey text in the respondent's language, falling back to English."""
    return localised(text, current_language())


def option_label(code: str, question: dict[str, Any]) -> str:
    for option in question.get("options", []):
        if option["code"] == code:
            return localised(option["label"], current_language())
    return code


def format_date(value: dt.date) -> str:
    return babel_format_date(value, format="d MMMM yyyy")


def open_until(closes_at: dt.datetime) -> str:
    """When something that stops working at ``closes_at`` can last be used, in UK time.

    Closing at midnight, it is open all of the day before, so that day is the answer ("5
    December 2026"); closing at another time, that time on its day ("1:45pm on 6 December
    2026"). A time without a zone is UTC, as the database keeps them.
    """
    if closes_at.tzinfo is None:
        closes_at = closes_at.replace(tzinfo=dt.UTC)
    local = closes_at.astimezone(UK_TIME)
    if local.time() == dt.time():
        return format_date(local.date() - dt.timedelta(days=1))
    return f"{_clock_time(local.time())} on {format_date(local.date())}"


def _clock_time(time: dt.time) -> str:
    """GOV.UK style: 1am, 1:45pm, midday."""
    if (time.hour, time.minute) == (12, 0):
        return "midday"
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


def linkify(text: str, new_tab: bool = False) -> Markup:
    """Escape text and turn the web and email addresses in it into links.

    ``[Find out more](/about/scrutiny-panel)`` becomes a link that reads "Find out more"; a
    bare address is a link that reads as the address; an email address is a ``mailto:`` link.
    With ``new_tab`` each web link opens in a new tab and says so, for pages whose reader would
    lose something by leaving them (an email link opens the email app, not a page)."""
    parts = []
    last = 0
    for match in _URL_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        last = match.end()
        if email := match.group("email"):
            parts.append(Markup('<a class="govuk-link" href="mailto:{0}">{0}</a>').format(email))
            continue
        url = match.group("target") or match.group("url")
        words = match.group("words") or url
        if new_tab:
            parts.append(
                Markup(
                    '<a class="govuk-link" href="{0}" target="_blank" rel="noopener noreferrer">'
                    "{1} {2}</a>"
                ).format(url, words, _("(opens in new tab)"))
            )
        else:
            parts.append(Markup('<a class="govuk-link" href="{0}">{1}</a>').format(url, words))
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


#: Addresses a survey's introduction may name in braces, as its follow-up messages do: the
#: force's own pages, as configured.
INTRO_ADDRESSES = {
    "{results_published_url}": "RESULTS_PUBLISHED_URL",
    "{scrutiny_panel_url}": "SCRUTINY_PANEL_URL",
}


def intro_paragraph(text: str) -> Markup:
    """A paragraph of a survey's introduction, escaped, with its links: ``[words](address)``
    and bare addresses become links as in follow-up messages (:func:`linkify`), and
    ``{results_published_url}`` or ``{scrutiny_panel_url}`` is the address the force set. No
    other markup is let through."""
    for placeholder, setting in INTRO_ADDRESSES.items():
        if placeholder in text:
            text = text.replace(placeholder, str(current_app.config[setting]))
    return linkify(text)


def _this_path() -> str:
    """The path asked for, as a link that stays on this site: percent-encoded, so that a
    backslash, tab or newline in it cannot make a browser read it as another site's address
    ("/\\evil.example" is "//evil.example" to a browser), and with one leading slash."""
    return "/" + quote(request.path, safe="/:@!$&'()*+,;=~").lstrip("/")


def other_languages() -> list[dict[str, str]]:
    """Links to this page in each other language (also on error pages with no route)."""
    links = []
    for code in current_app.config["LANGUAGES"]:
        if code == current_language():
            continue
        args = {**request.args.to_dict(), "lang": code}
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "href": f"{_this_path()}?{urlencode(args)}",
            }
        )
    return links


def unnamed_event() -> str:
    """What a listening session made without a name is called, in the reader's language."""
    return _("Listening session")


def event_name(event: Event) -> Markup:
    """A listening session's name in the reader's language, to go into a sentence: for Welsh
    readers its Welsh name when it has one, otherwise the name the officer gave, marked
    ``lang="en"`` so that a screen reader says it in English. A session made without a name is
    ``Event.unnamed()``, already in the reader's language."""
    if current_language() == "cy":
        if event.name_cy:
            return escape(event.name_cy)
        if event.given_name:
            return Markup('<span lang="en">{}</span>').format(event.given_name)
    return escape(event.name)


def _defaults() -> dict[str, Any]:
    return {"service_name": "Listening Post", "service_url": "/"}


def register_template_helpers(app: Flask) -> None:
    app.add_template_global(current_language)
    app.add_template_global(other_languages)
    app.add_template_global(event_name)
    app.add_template_filter(survey_text, "survey_text")
    app.add_template_filter(option_label, "option_label")
    app.add_template_filter(format_date, "format_date")
    app.add_template_filter(open_until, "open_until")
    app.add_template_filter(linkify, "linkify")
    app.add_template_filter(intro_paragraph, "intro_paragraph")
    app.context_processor(_defaults)
    Event.unnamed = staticmethod(unnamed_event)
