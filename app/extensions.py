"""Flask extensions, created unbound and initialised in the app factory."""

from __future__ import annotations

from flask import request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers


def client_address() -> str:
    # Used only as a rate-limit key held in the limiter's storage for the window; never stored
    # with a response or logged.
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
migrate = Migrate()
babel = Babel()
wtforms_helpers = WTFormsHelpers()
limiter = Limiter(key_func=client_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"


def select_locale() -> str:
    """The respondent's language: ?lang= (remembered in the session), else English."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    requested = request.args.get("lang")
    if requested in languages:
        session["lang"] = requested
        return requested
    remembered = session.get("lang")
    return remembered if remembered in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
