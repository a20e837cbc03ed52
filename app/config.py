"""Configuration classes. Secrets and connection strings come from the environment only."""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask.helpers import get_debug_flag
from flask_babel import lazy_gettext as _l
from limits import parse_many

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


class SecretKeyMissing(ConfigError):
    """SECRET_KEY is not set (in a development copy, `make flask` sets it)."""


@dataclass(frozen=True)
class Number:
    """What a numeric setting must be, in the words its error message uses."""

    minimum: float
    must_be: str
    whole: bool = True
    unset_allowed: bool = False  # None: left to a default chosen where it is used


#: Every numeric setting read from the environment; validate() checks each.
NUMBERS: dict[str, Number] = {
    "SUPPRESSION_K": Number(1, "a whole number of respondents, 1 or more"),
    "SUPPRESSION_K_TEXT": Number(1, "a whole number of respondents, 1 or more"),
    "RETENTION_MONTHS": Number(1, "a whole number of months, 1 or more"),
    "RESULTS_MAX_AGE_SECONDS": Number(0, "a whole number of seconds, 0 or more"),
    "JOURNEY_TTL_HOURS": Number(1, "a whole number of hours, 1 or more"),
    "TEMPORARY_PASSWORD_DAYS": Number(1, "a whole number of days, 1 or more"),
    "CODING_MIN_SENTIMENT": Number(
        0, "a whole number of coded answers, 0 or more (0: the default)", unset_allowed=True
    ),
    "CODING_MIN_THEMES": Number(0, "a whole number of coded answers, 0 or more"),
    "RESCORE_INLINE_LIMIT": Number(0, "a whole number of answers, 0 or more"),
    "PROXY_FIX_X_FOR": Number(0, "0 (no proxy) or the number of proxies"),
    "STAFF_IDLE_TIMEOUT_MINUTES": Number(1, "a whole number of minutes, 1 or more"),
    "STAFF_SESSION_MAX_HOURS": Number(1, "a whole number of hours, 1 or more"),
    "BOT_MIN_SECONDS": Number(0, "a number of seconds, 0 or more, such as 2 or 1.5", whole=False),
    "BOT_STAMP_MAX_HOURS": Number(1, "a whole number of hours, 1 or more"),
    "ARGON2_TIME_COST": Number(1, "a whole number of passes, 1 or more"),
    "ARGON2_MEMORY_COST_KIB": Number(8, "a whole number of KiB, 8 or more"),
    "ARGON2_PARALLELISM": Number(1, "a whole number of lanes, 1 or more"),
}

#: Settings of free text that must have a shape: a pattern and what it must be, in the words
#: its error message uses. Unset (None) is allowed: the page says less.
SHAPES: dict[str, tuple[re.Pattern[str], str]] = {
    "FORCE_CONTACT_EMAIL": (
        re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
        "an email address, such as feedback@example.police.uk",
    ),
    "FORCE_DPO_EMAIL": (
        re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
        "an email address, such as dpo@example.police.uk",
    ),
    "FORCE_CONTACT_PHONE": (
        re.compile(r"\+?[0-9][0-9 ]{1,18}[0-9]"),
        "a telephone number of digits and spaces, such as 101 or 01234 567890",
    ),
}

#: Rate limits, in Flask-Limiter's notation ("60 per 10 minutes", or several joined by ";"). A
#: limit it cannot read would be no limit at all, silently: validate() refuses it.
RATE_LIMITS = (
    "SIGN_IN_RATE_LIMIT",
    "SIGN_IN_FAILURE_LIMIT",
    "TWO_FACTOR_RATE_LIMIT",
    "CODE_CREATION_RATE_LIMIT",
    "SUBMISSION_RATE_LIMIT",
    "SESSION_SUBMISSION_RATE_LIMIT",
    "API_RATE_LIMIT",
)

#: Settings that are on or off, and the words that say so.
SWITCHES = ("SESSION_COOKIE_SECURE",)
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}


def _env_number(name: str, default: int | float) -> int | float | str:
    """The setting as a number, or the text given when it is not one: validate() refuses
    that, naming the setting, so a mistyped value never quietly becomes the default."""
    rule = NUMBERS[name]
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value) if rule.whole else float(value)
    except ValueError:
        return value


def _env_bool(name: str, default: bool) -> bool | str:
    """On or off, or the text given when it is neither (validate() refuses it)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in _ON | _OFF:
        return value.lower() in _ON
    return value


def _number_problem(name: str, value: Any) -> str | None:
    rule = NUMBERS[name]
    if value is None and rule.unset_allowed:
        return None
    whole = isinstance(value, int) and not isinstance(value, bool)
    number = whole or (not rule.whole and isinstance(value, float) and math.isfinite(value))
    if number and value >= rule.minimum:
        return None
    shown = f"{value:g}" if isinstance(value, float) else value
    return f'{name} must be {rule.must_be} (it is "{shown}")'


def _rate_limit_problem(name: str, value: Any) -> str | None:
    try:
        limits = parse_many(value) if isinstance(value, str) else []
    except ValueError:
        limits = []
    if limits and all(limit.amount >= 1 for limit in limits):
        return None
    return (
        f'{name} must be a rate limit such as "60 per 10 minutes", of 1 or more (it is "{value}")'
    )


def setting_problems(config: Mapping[str, Any]) -> list[str]:
    """What is wrong with the numeric, on-or-off, shaped and rate-limit settings of a loaded
    configuration, one sentence (without its full stop) for each problem."""
    found = [
        problem
        for name in NUMBERS
        if name in config and (problem := _number_problem(name, config[name]))
    ]
    found += [
        f'{name} must be on or off: true or false, 1 or 0, yes or no (it is "{config[name]}")'
        for name in SWITCHES
        if name in config and not isinstance(config[name], bool)
    ]
    found += [
        f'{name} must be {must_be} (it is "{config[name]}")'
        for name, (pattern, must_be) in SHAPES.items()
        if config.get(name) is not None and not pattern.fullmatch(str(config[name]))
    ]
    found += [
        problem
        for name in RATE_LIMITS
        if name in config and (problem := _rate_limit_problem(name, config[name]))
    ]
    if found:
        return found
    if config.get("SUPPRESSION_K_TEXT", 0) < config.get("SUPPRESSION_K", 0):
        found.append(
            "SUPPRESSION_K_TEXT must be at least SUPPRESSION_K, so that no quote is shown for "
            f"a group too small for its figures (they are {config['SUPPRESSION_K_TEXT']} and "
            f"{config['SUPPRESSION_K']})"
        )
    lanes = config.get("ARGON2_PARALLELISM", 1)
    if config.get("ARGON2_MEMORY_COST_KIB", 8 * lanes) < 8 * lanes:
        found.append(
            f"ARGON2_MEMORY_COST_KIB must be at least 8 KiB for each of the {lanes} lanes of "
            f"ARGON2_PARALLELISM (it is {config['ARGON2_MEMORY_COST_KIB']})"
        )
    return found


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Former secret keys, comma-separated, still accepted after SECRET_KEY is rotated: for
    # sessions they signed and two-factor keys encrypted with them (docs/deploy.md).
    SECRET_KEY_FALLBACKS = _env_list("SECRET_KEY_FALLBACKS")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'listening-post.db'}"
    )
    # Parameters are hidden from error messages so that answers never reach a log.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Where respondents' links point: printed on QR codes, so it must be the public address.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    FORCE_NAME = os.environ.get("FORCE_NAME", "Demoshire Police")
    # How to reach the force, on the privacy notice and the accessibility statement. 101 is
    # every UK police force's non-emergency number; there is no email address unless one is set.
    FORCE_CONTACT_EMAIL = os.environ.get("FORCE_CONTACT_EMAIL", "").strip() or None
    FORCE_CONTACT_PHONE = os.environ.get("FORCE_CONTACT_PHONE", "").strip() or "101"
    # The data protection officer's email address, on the privacy notice. Unset, the notice
    # says to ask for the data protection officer through the force's contact details.
    FORCE_DPO_EMAIL = os.environ.get("FORCE_DPO_EMAIL", "").strip() or None
    COMPLAINTS_URL = os.environ.get("COMPLAINTS_URL", "https://www.policeconduct.gov.uk/complaints")
    SCRUTINY_PANEL_URL = os.environ.get("SCRUTINY_PANEL_URL", "/about/scrutiny-panel")
    # How to join or watch the panel, on the page at /about/scrutiny-panel (which is there
    # whatever SCRUTINY_PANEL_URL says); web addresses in it become links. Unset: ask your
    # local police force, in the reader's language.
    SCRUTINY_PANEL_CONTACT = os.environ.get("SCRUTINY_PANEL_CONTACT") or _l(
        "To join the panel or to watch a meeting, contact your local police force and ask "
        "about its stop and search scrutiny panel. Call 101, the non-emergency number, or use "
        "the contact page on the force's website."
    )
    RESULTS_PUBLISHED_URL = os.environ.get("RESULTS_PUBLISHED_URL", "/you-said-we-did")
    CONVERSATION_BOOKING_TEXT = os.environ.get(
        "CONVERSATION_BOOKING_TEXT",
        "Email the independent Say to Stay team at saytostay@example.org to book a conversation. "
        "Nobody in your line management chain will be told.",
    )
    # The same in Welsh, for the confirmation page read in Welsh. Unset while the English is
    # set, the English is shown there instead, so that nobody is given the demo address.
    CONVERSATION_BOOKING_TEXT_CY = os.environ.get("CONVERSATION_BOOKING_TEXT_CY") or (
        None
        if os.environ.get("CONVERSATION_BOOKING_TEXT")
        else "E-bostiwch dîm annibynnol Dweud i Aros ar saytostay@example.org i drefnu sgwrs. "
        "Ni chaiff neb yn eich cadwyn rheoli llinell wybod."
    )

    # Disclosure control (admin-configurable later; these are the defaults).
    SUPPRESSION_K = _env_number("SUPPRESSION_K", 10)
    SUPPRESSION_K_TEXT = _env_number("SUPPRESSION_K_TEXT", 20)
    RETENTION_MONTHS = _env_number("RETENTION_MONTHS", 24)
    # Stored results counts may be served this long after they were counted, while newer
    # responses wait for the next count (the page says so); 0 serves only current counts.
    RESULTS_MAX_AGE_SECONDS = _env_number("RESULTS_MAX_AGE_SECONDS", 600)
    JOURNEY_TTL_HOURS = _env_number("JOURNEY_TTL_HOURS", 24)
    # A temporary password (a new account's, or after a reset) signs in for this many days.
    TEMPORARY_PASSWORD_DAYS = _env_number("TEMPORARY_PASSWORD_DAYS", 7)

    # Coding: coded answers needed before training (sentiment: unset means
    # analysis.sentiment.MIN_CODED), and how many stale answers a request may re-score itself
    # after a model or taxonomy change before leaving them to `flask analysis run`.
    CODING_MIN_SENTIMENT = _env_number("CODING_MIN_SENTIMENT", 0) or None
    CODING_MIN_THEMES = _env_number("CODING_MIN_THEMES", 100)
    RESCORE_INLINE_LIMIT = _env_number("RESCORE_INLINE_LIMIT", 5000)

    LANGUAGES = ("en", "cy")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "app" / "translations")

    # The largest request read, as the proxy in docs/deploy.md allows (client_max_body_size
    # 1m): a bigger one is refused (413) before it is read, whatever is in front of the app.
    MAX_CONTENT_LENGTH = 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a respondent may take their time; the session bounds it
    # Flask-WTF's extra check on HTTPS requests wants a Referer from this host, but every page
    # sends "Referrer-Policy: no-referrer", so browsers post forms with none: behind nginx on
    # the same host (gunicorn then takes the scheme from X-Forwarded-Proto) no form would be
    # accepted. The CSRF token is kept in the signed session cookie, which production names
    # "__Host-session" so no other host or plain-HTTP page can set it; the token suffices.
    WTF_CSRF_SSL_STRICT = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # While Redis cannot be reached, each worker counts in its own memory (logging a warning)
    # and goes back to Redis once it answers again: limits are looser for that time, instead
    # of every sign-in, answer sent and API call failing with an error page.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # How many reverse proxies in front of the app append to X-Forwarded-For (nginx: 1). The
    # client address taken from it is used only as a rate-limit key. 0 (not behind a proxy)
    # ignores the header, so a client cannot choose its own address. Scheme and host need no
    # headers: links come from PUBLIC_BASE_URL and redirects are relative.
    PROXY_FIX_X_FOR = _env_number("PROXY_FIX_X_FOR", 0)

    # Staff sign-in. A staff session ends after this long without a request, and in any case
    # this many hours after signing in.
    STAFF_IDLE_TIMEOUT_MINUTES = _env_number("STAFF_IDLE_TIMEOUT_MINUTES", 30)
    STAFF_SESSION_MAX_HOURS = _env_number("STAFF_SESSION_MAX_HOURS", 12)
    # Per client address, and per email address for failed attempts only.
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "20 per 10 minutes")
    SIGN_IN_FAILURE_LIMIT = os.environ.get("SIGN_IN_FAILURE_LIMIT", "5 per 15 minutes")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # Wrong two-factor codes per account; new codes per officer; survey submissions, code
    # look-ups and withdrawals per client address. A listening session's own code, which its
    # whole audience types and answers with, often over the venue's one Wi-Fi address, is
    # counted apart: per client address and session (app/public/limits.py).
    TWO_FACTOR_RATE_LIMIT = os.environ.get("TWO_FACTOR_RATE_LIMIT", "5 per 5 minutes")
    CODE_CREATION_RATE_LIMIT = os.environ.get("CODE_CREATION_RATE_LIMIT", "60 per hour")
    SUBMISSION_RATE_LIMIT = os.environ.get("SUBMISSION_RATE_LIMIT", "60 per 10 minutes")
    SESSION_SUBMISSION_RATE_LIMIT = os.environ.get("SESSION_SUBMISSION_RATE_LIMIT", "500 per hour")
    # Bot checks on the respondent's forms (app/public/bot_check.py): a submission sent sooner
    # than this after its form was shown, or with a stamp older than this, is refused.
    BOT_MIN_SECONDS = _env_number("BOT_MIN_SECONDS", 2.0)
    BOT_STAMP_MAX_HOURS = _env_number("BOT_STAMP_MAX_HOURS", 24)
    # Who must sign in with a code from an app as well as a password.
    TWO_FACTOR_ROLES = ("analyst", "admin")
    # Argon2id cost: the OWASP Password Storage Cheat Sheet's configuration with less memory
    # (m=19 MiB, t=2, p=1; app/services/users.py), so that a sign-in adds 19 MiB to a worker.
    ARGON2_TIME_COST = _env_number("ARGON2_TIME_COST", 2)
    ARGON2_MEMORY_COST_KIB = _env_number("ARGON2_MEMORY_COST_KIB", 19 * 1024)
    ARGON2_PARALLELISM = _env_number("ARGON2_PARALLELISM", 1)
    # `flask users demo` makes accounts with known passwords: never in production.
    ALLOW_DEMO_ACCOUNTS = False

    DEBUG = False
    TESTING = False

    @classmethod
    def validate(cls, config: dict) -> None:
        """Check a loaded configuration; overridden where the rules are stricter."""
        if not config.get("SECRET_KEY"):
            raise SecretKeyMissing("SECRET_KEY is not set. Set it in the environment.")
        problems = setting_problems(config)
        if problems:
            raise ConfigError(". ".join(problems) + ".")


#: The demo force's email address, where none is set (development and tests only).
DEMO_CONTACT_EMAIL = "feedback@example.org"


class DevelopmentConfig(Config):
    # A development key is written to instance/ by `make run`; never shipped in code.
    ALLOW_DEMO_ACCOUNTS = True
    FORCE_CONTACT_EMAIL = Config.FORCE_CONTACT_EMAIL or DEMO_CONTACT_EMAIL


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret-key"  # noqa: S105 - the test configuration only  # nosec B105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = False
    BOT_MIN_SECONDS = 0.0  # the stamp is still required and checked; tests that time it set it
    PUBLIC_BASE_URL = "http://localhost"
    FORCE_CONTACT_EMAIL = DEMO_CONTACT_EMAIL
    FORCE_CONTACT_PHONE = "101"
    FORCE_DPO_EMAIL = None  # tests that give one set it
    ALLOW_DEMO_ACCOUNTS = True
    # Cheap hashing keeps the suite fast; the production cost is tested on its own.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST_KIB = 1024
    ARGON2_PARALLELISM = 1
    RESULTS_MAX_AGE_SECONDS = 0  # tests that need the lag set it


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    # A Secure session cookie is named "__Host-session": browsers then accept it only if it
    # was set over HTTPS, for the whole site and for this host alone (no Domain), so another
    # host under the same domain cannot plant or read it (create_app applies it).
    SESSION_COOKIE_HOST_PREFIX = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls, config: dict) -> None:
        super().validate(config)
        # FLASK_DEBUG turns on the interactive debugger in `flask run` whatever DEBUG says.
        if config.get("DEBUG") or get_debug_flag():
            raise ConfigError("Debug mode must be off in production (unset FLASK_DEBUG).")
        if len(config["SECRET_KEY"]) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
        if (
            config.get("RATELIMIT_ENABLED", True)
            and str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://")
            # A command (`flask retention purge` from cron) serves no requests: said there,
            # it would only fill cron's mail.
            and click.get_current_context(silent=True) is None
        ):
            # Not refused: one worker on one host may count in memory. But with gunicorn's
            # several workers each counts apart, and the limits multiply by their number.
            logging.getLogger("app.config").warning(
                "Rate limits are counted in each worker's memory (RATELIMIT_STORAGE_URI is "
                "memory://): with several workers or hosts every limit is multiplied by their "
                "number. Point RATELIMIT_STORAGE_URI at Redis (docs/deploy.md)."
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[Config]:
    name = (name or os.environ.get("LISTENING_POST_ENV") or "production").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown LISTENING_POST_ENV {name!r}; use one of {', '.join(CONFIGS)}"
        ) from None
