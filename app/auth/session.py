"""The staff session: who the cookie belongs to, the idle timeout, and starting and ending it.

The cookie carries the user's current session token, never their id; the token changes at
sign-out, deactivation and password reset, so a copied cookie stops working at once.
"""

from __future__ import annotations

import time

from flask import Response, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from app.auth import bp
from app.extensions import login_manager
from app.services import two_factor, users
from models import User

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN = "staff_last_seen"
SECOND_FACTOR_DONE = "staff_second_factor"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    return users.by_session_token(session_token)


def _new_csrf_token() -> None:
    """Forms from now on carry a new CSRF token: the one cached for this request, and any
    given out before, belonged to a session that had proved less."""
    session.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    g.pop("csrf_token", None)


def _clear() -> None:
    session.clear()
    _new_csrf_token()


def start(user: User) -> None:
    """A fresh session for a user who has just proved who they are."""
    _clear()  # nothing from before sign-in survives: no session fixation
    login_user(user)
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now


def restart(user: User) -> None:
    """A fresh session after the user changed their own password in this one: every other
    session ended with the old session token, and this one goes on with the new, keeping the
    second factor proved in it and the time it signed in. A new password is no new sign-in:
    were the session's longest life to start again, someone holding a copy of the cookie and
    the password, never the second factor, could keep it open for ever (OWASP ASVS 3.3.2)."""
    signed_in_at = session.get(SIGNED_IN_AT)
    start(user)
    if signed_in_at is not None:
        session[SIGNED_IN_AT] = signed_in_at
    second_factor_done()


def second_factor_done() -> None:
    """The signed-in user has proved their second factor for this session.

    The CSRF token changes too (OWASP ASVS 3.2.1: a new session token on authentication): the
    one on the code page was given to whoever had only the password, and must not be good
    for the forms of the signed-in session that follows."""
    session[SECOND_FACTOR_DONE] = True
    _new_csrf_token()


def second_factor_pending() -> bool:
    """Whether the signed-in user has given their password but still owes a code."""
    if not current_user.is_authenticated or session.get(SECOND_FACTOR_DONE):
        return False
    return two_factor.required_for(current_user._get_current_object())


def second_factor_redirect() -> object | None:
    """Where a signed-in user must go before any staff page, or None.

    Analysts and admins sign in with a password and then a code; until the code is proved,
    only the two-factor pages and signing out are open to them. Without two-factor set up,
    they are sent to set it up.
    """
    if not second_factor_pending():
        return None
    user = current_user._get_current_object()
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    endpoint = "auth.two_factor_code" if user.has_two_factor else "auth.two_factor_set_up"
    return redirect(url_for(endpoint, next=target))


def second_factor_redirect_after_sign_in(next_url: str | None) -> object | None:
    """Straight after the password: the code page (or set-up) if this user needs one."""
    user = current_user._get_current_object()
    if not two_factor.required_for(user):
        session[SECOND_FACTOR_DONE] = False
        return None
    endpoint = "auth.two_factor_code" if user.has_two_factor else "auth.two_factor_set_up"
    return redirect(url_for(endpoint, next=next_url))


#: Sent as a session ends: the browser forgets the staff pages it kept (its back-forward cache
#: too) and anything they stored (OWASP ASVS 8.2.3). Not its cookies: the session cookie
#: carries the message that says why they were signed out.
CLEAR_SITE_DATA = '"cache", "storage"'


def ended(response: Response) -> Response:
    """``response`` (the redirect after a session ended), telling the browser to clear what
    it kept of the session."""
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


def end(*, everywhere: bool) -> None:
    """End this session; with ``everywhere``, every other session of the user too."""
    if everywhere and current_user.is_authenticated:
        users.end_sessions(current_user._get_current_object())
    logout_user()
    _clear()


def _timed_out(now: int) -> str | None:
    """Why this session has run out, or None."""
    config = current_app.config
    minutes = config["STAFF_IDLE_TIMEOUT_MINUTES"]
    hours = config["STAFF_SESSION_MAX_HOURS"]
    if now - session.get(LAST_SEEN, 0) > minutes * 60:
        return f"You were signed out because you had not used the service for {minutes} minutes"
    if now - session.get(SIGNED_IN_AT, 0) > hours * 3600:
        return f"You were signed out because you signed in more than {hours} hours ago"
    return None


# The respondent's pages deal with a NUL, or any other control character, in what they are sent
# themselves: free text and typed codes have them taken out, keeping the rest (nobody can see
# one: app.public.forms.without_control_characters, app.public.code_forms.as_typed_code), and a
# choice with one is not among the options shown, so the page asks for one of them.
EXPLAINS_ITS_OWN_INPUT = ("public",)
# The API's clients send what they hold, and are told plainly what was wrong with it; the
# public "You said, we did" pages take only choices from their own lists in the address.
REFUSES_NUL = ("api", "you_said_we_did")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_nul(pairs: MultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        (key.replace("\x00", ""), value.replace("\x00", ""))
        for key, value in pairs.items(multi=True)
    )


@bp.before_app_request
def remove_nul_characters():
    """NUL characters out of what a person typed or pasted into a staff form (or a query),
    and a test link's, before the page reads it: no legitimate input has one, a browser shows
    none, and PostgreSQL would refuse to store or compare it (a 500). The rest of what they
    gave is kept, a pasted survey definition included, so a stray NUL loses nothing.

    A NUL in the address itself (the path) is still refused with a 400: no page has one, so
    it cannot be anything a person typed into a form, and there is nothing to keep. The API
    refuses one anywhere, as it refuses any request it cannot take as sent, and so do the
    public "You said, we did" pages, whose addresses carry only choices from their lists."""
    if request.blueprint in EXPLAINS_ITS_OWN_INPUT:
        return None
    refusal = _("The request contains a NUL character, which cannot be used.")
    if "\x00" in request.path:
        abort(400, refusal)
    is_form = request.mimetype in FORM_TYPES
    has_nul = any("\x00" in key + value for key, value in request.args.items(multi=True)) or (
        is_form and any("\x00" in key + value for key, value in request.form.items(multi=True))
    )
    if not has_nul:
        return None
    if request.blueprint in REFUSES_NUL or request.blueprint is None:
        abort(400, refusal)
    request.args = _without_nul(request.args)
    if is_form:
        request.form = _without_nul(request.form)
    request.__dict__.pop("values", None)
    return None


@bp.before_app_request
def idle_timeout():
    """Sign staff out after a spell without requests, and after a working day in any case."""
    # Load the user afresh for every request, even where requests share an app context (the
    # test client inside a test's app context), so a changed session token takes effect.
    g.pop("_login_user", None)
    if "_user_id" not in session or request.blueprint in (None, "api"):
        return None
    now = int(time.time())
    reason = _timed_out(now)
    if reason:
        end(everywhere=False)
        flash(reason)
        return ended(redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?"))))
    session[LAST_SEEN] = now
    return None
