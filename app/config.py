"""Configuration classes. Secrets and connection strings come from the environment only."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click
from flask.helpers import get_debug_flag
from flask_babel import lazy_gettext as _l

from app.settings_rules import (  # noqa: F401 - also read from here
    NUMBERS,
    RATE_LIMITS,
    SHAPES,
    SWITCHES,
    ConfigError,
    Number,
    SecretKeyMissing,
    env_bool,
    env_list,
    env_number,
    setting_problems,
)

ROOT = Path(__file__).resolve().parent.parent


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Former secret keys, comma-separated, still accepted after SECRET_KEY is rotated: for
    # sessions they signed and two-factor keys encrypted with them (docs/deploy.md).
    SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
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
    SUPPRESSION_K = env_number("SUPPRESSION_K", 10)
    SUPPRESSION_K_TEXT = env_number("SUPPRESSION_K_TEXT", 20)
    RETENTION_MONTHS = env_number("RETENTION_MONTHS", 24)
    # The audit log (who signed in, exported, changed what) is personal data about staff, so it
    # too is deleted once older than this (`flask retention purge`). Six years: misuse of the
    # special-category data the service holds may come to light years later, in a complaint or a
    # misconduct investigation, and six years is the time within which most civil claims can be
    # brought (Limitation Act 1980). Under 12 months is refused, so that 0, or a number of years
    # typed for months, can never delete the trail.
    AUDIT_RETENTION_MONTHS = env_number("AUDIT_RETENTION_MONTHS", 72)
    # Stored results counts may be served this long after they were counted, while newer
    # responses wait for the next count (the page says so); 0 serves only current counts.
    RESULTS_MAX_AGE_SECONDS = env_number("RESULTS_MAX_AGE_SECONDS", 600)
    JOURNEY_TTL_HOURS = env_number("JOURNEY_TTL_HOURS", 24)
    # A temporary password (a new account's, or after a reset) signs in for this many days.
    TEMPORARY_PASSWORD_DAYS = env_number("TEMPORARY_PASSWORD_DAYS", 7)

    # Coding: coded answers needed before training (sentiment: unset means
    # analysis.sentiment.MIN_CODED), and how many stale answers a request may re-score itself
    # after a model or taxonomy change before leaving them to `flask analysis run`.
    CODING_MIN_SENTIMENT = env_number("CODING_MIN_SENTIMENT", 0) or None
    CODING_MIN_THEMES = env_number("CODING_MIN_THEMES", 100)
    RESCORE_INLINE_LIMIT = env_number("RESCORE_INLINE_LIMIT", 5000)

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
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)

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
    PROXY_FIX_X_FOR = env_number("PROXY_FIX_X_FOR", 0)

    # Staff sign-in. A staff session ends after this long without a request, and in any case
    # this many hours after signing in.
    STAFF_IDLE_TIMEOUT_MINUTES = env_number("STAFF_IDLE_TIMEOUT_MINUTES", 30)
    STAFF_SESSION_MAX_HOURS = env_number("STAFF_SESSION_MAX_HOURS", 12)
    # Sign-in attempts per client address; wrong passwords per account from one client address
    # (refusing that address only); and, much higher, wrong passwords per account from every
    # address together (refusing everyone: app/auth/guessing.py says why there are two).
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "20 per 10 minutes")
    SIGN_IN_FAILURE_LIMIT = os.environ.get("SIGN_IN_FAILURE_LIMIT", "5 per 15 minutes")
    SIGN_IN_ACCOUNT_FAILURE_LIMIT = os.environ.get("SIGN_IN_ACCOUNT_FAILURE_LIMIT", "50 per hour")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # API requests with a missing, unknown, revoked or expired token, per client address; past
    # it, that address is refused before its token is checked, until the window ends.
    API_FAILED_AUTH_RATE_LIMIT = os.environ.get("API_FAILED_AUTH_RATE_LIMIT", "20 per minute")
    # Wrong two-factor codes per account; new codes per officer; survey submissions, code
    # look-ups and withdrawals per client address. A listening session's own code, which its
    # whole audience types and answers with, often over the venue's one Wi-Fi address, is
    # counted apart: per client address and session (app/public/limits.py).
    TWO_FACTOR_RATE_LIMIT = os.environ.get("TWO_FACTOR_RATE_LIMIT", "5 per 5 minutes")
    # Wrong two-factor codes (from the app or recovery codes) in a row, on one account, from
    # anywhere, that lock its two-factor sign-in until an administrator resets it (NIST SP
    # 800-63B 5.2.2: no more than 100). A right code starts the count again.
    TWO_FACTOR_MAX_FAILURES = env_number("TWO_FACTOR_MAX_FAILURES", 100)
    CODE_CREATION_RATE_LIMIT = os.environ.get("CODE_CREATION_RATE_LIMIT", "60 per hour")
    SUBMISSION_RATE_LIMIT = os.environ.get("SUBMISSION_RATE_LIMIT", "60 per 10 minutes")
    SESSION_SUBMISSION_RATE_LIMIT = os.environ.get("SESSION_SUBMISSION_RATE_LIMIT", "500 per hour")
    # Bot checks on the respondent's forms (app/public/bot_check.py): answers sent with "Send
    # answers" sooner than BOT_MIN_SECONDS for each page answered, counted from when the
    # journey's first page was shown, are refused (no single page is timed: a person may be
    # quick on one, never on a whole survey; one tap and Continue takes a person about 1.3 s);
    # and any form sent with a signed stamp older than BOT_STAMP_MAX_HOURS is refused.
    BOT_MIN_SECONDS = env_number("BOT_MIN_SECONDS", 1.0)
    BOT_STAMP_MAX_HOURS = env_number("BOT_STAMP_MAX_HOURS", 24)
    # Who must sign in with a code from an app as well as a password.
    TWO_FACTOR_ROLES = ("analyst", "admin")
    # Argon2id cost: the OWASP Password Storage Cheat Sheet's configuration with less memory
    # (m=19 MiB, t=2, p=1; app/services/users.py), so that a sign-in adds 19 MiB to a worker.
    ARGON2_TIME_COST = env_number("ARGON2_TIME_COST", 2)
    ARGON2_MEMORY_COST_KIB = env_number("ARGON2_MEMORY_COST_KIB", 19 * 1024)
    ARGON2_PARALLELISM = env_number("ARGON2_PARALLELISM", 1)
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
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
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
        if any(character.isspace() for character in config["SECRET_KEY"]):
            # The example environment file's placeholder is long enough, and has spaces: a key
            # made as docs/deploy.md says (secrets.token_urlsafe) never does.
            raise ConfigError(
                "SECRET_KEY has a space in it, so it looks like the example's placeholder: make "
                "one with python3 -c 'import secrets; print(secrets.token_urlsafe(48))'."
            )
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
