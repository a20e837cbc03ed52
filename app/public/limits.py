"""Rate limits on what respondents send: typing a code, starting answers, "Send answers",
withdrawing.

Each is counted per client address (``SUBMISSION_RATE_LIMIT``), which bounds how fast anyone can
guess codes, except what is sent about a listening session's own code. Everyone at a session
types that one code and sends their answers with it, often over the venue's one Wi-Fi address,
so it has a limit of its own, counted per client address and session
(``SESSION_SUBMISSION_RATE_LIMIT``): a large audience is not turned away, and a session's
audience does not use up what the same address may send about anything else. A single-use
code (stop and search, Say to Stay) and a code that is no code at all are counted per address,
as before, so typing codes that do not exist is refused as soon as ever.
"""

from __future__ import annotations

import hmac

from flask import current_app, request

from app.extensions import client_address, limiter
from app.public import bot_check, remembered
from app.public.code_forms import as_typed_code
from app.public.forms import strip_whitespace
from app.services.links import lookup

#: Where a request keeps the session link it was found to be about (read once per request:
#: the limit and its key both ask). Not ``g``, which outlives a request where the app context
#: is already open (as in tests).
_FOUND = "listening_post.session_link_token"


def changing_language() -> bool:
    """Whether this is a page's form sent by its language button (to the page's address with
    ``?lang=``, which has already chosen the language): what it holds is not checked or saved,
    and the page is shown again in that language with it. On a code page it is not counted:
    like reading a page, it looks nothing up and keeps nothing."""
    return request.method == "POST" and bot_check.CHANGE_LANGUAGE in request.form


def _sent_token() -> str | None:
    """The code this request is about: the one typed on the code page, as the page reads it,
    or the one in the address ("Send answers")."""
    if request.endpoint == "public.enter_code":
        typed = request.form.get("code")
        return as_typed_code(strip_whitespace(typed)) if isinstance(typed, str) else None
    return (request.view_args or {}).get("token")


def session_link_token() -> str | None:
    """The token of the listening session's link (a reusable one, made for a session) that this
    request sends something about, or None: any other link, or no link at all."""
    if _FOUND not in request.environ:
        token = _sent_token()
        link = lookup(token).link if token else None
        is_session = link is not None and link.event_id is not None and not link.single_use
        request.environ[_FOUND] = link.token if is_session else None
    return request.environ[_FOUND]


def _limit() -> str:
    config = current_app.config
    if session_link_token() is not None:
        return config["SESSION_SUBMISSION_RATE_LIMIT"]
    return config["SUBMISSION_RATE_LIMIT"]


def _key() -> str:
    """The address, as every limit keeps it, only in the limiter's storage for the window; for
    a listening session's code, a digest of the address and the code (keyed with SECRET_KEY),
    so that what the storage holds does not say which session an address answered."""
    token = session_link_token()
    address = client_address()
    if token is None:
        return address
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else secret
    keyed = hmac.new(secret, f"{address}\n{token}".encode(), "sha256")
    return f"listening-session/{keyed.hexdigest()[:32]}"


def submission_limit(*, language_button: bool = False):
    """The limit on a respondent's page's POSTs (reading a page is never limited). With
    ``language_button``, a code page's language button is not counted."""
    return limiter.limit(
        _limit,
        key_func=_key,
        methods=["POST"],
        exempt_when=changing_language if language_button else None,
    )


def _going_on() -> bool:
    """Whether this question page is sent with answers in progress on its link in the cookie:
    a respondent going on, whose answers are kept in the set they started."""
    token = (request.view_args or {}).get("token")
    return isinstance(token, str) and remembered.journey_id(token) is not None


def starting_answers_limit():
    """The limit on starting answers: a question page sent without answers in progress in the
    cookie makes a new set of them in the database (kept for JOURNEY_TTL_HOURS), so it is
    counted as sending answers is (the same limit, per address, or per address and listening
    session); going on with answers already started is never counted."""
    return limiter.limit(_limit, key_func=_key, methods=["POST"], exempt_when=_going_on)
