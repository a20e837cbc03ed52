"""The rules every numeric, on-or-off, shaped and rate-limit setting must keep, and reading
them from the environment: :mod:`app.config` reads its settings with these, and
``Config.validate`` refuses to start with any of them broken."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from limits import parse_many


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
    "AUDIT_RETENTION_MONTHS": Number(12, "a whole number of months, 12 or more"),
    "RESULTS_MAX_AGE_SECONDS": Number(0, "a whole number of seconds, 0 or more"),
    "JOURNEY_TTL_HOURS": Number(1, "a whole number of hours, 1 or more"),
    "TEMPORARY_PASSWORD_DAYS": Number(1, "a whole number of days, 1 or more"),
    "TWO_FACTOR_MAX_FAILURES": Number(1, "a whole number of wrong codes, 1 or more"),
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
    "SIGN_IN_ACCOUNT_FAILURE_LIMIT",
    "TWO_FACTOR_RATE_LIMIT",
    "CODE_CREATION_RATE_LIMIT",
    "SUBMISSION_RATE_LIMIT",
    "SESSION_SUBMISSION_RATE_LIMIT",
    "API_RATE_LIMIT",
    "API_FAILED_AUTH_RATE_LIMIT",
)

#: Settings that are on or off, and the words that say so.
SWITCHES = ("SESSION_COOKIE_SECURE",)
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}


def env_number(name: str, default: int | float) -> int | float | str:
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


def env_bool(name: str, default: bool) -> bool | str:
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


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
