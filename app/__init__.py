"""The application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Undefined, UndefinedError
from werkzeug.middleware.proxy_fix import ProxyFix

from app import template_translations
from app.config import ROOT, Config, config_for
from app.extensions import (
    babel,
    csrf,
    limiter,
    login_manager,
    migrate,
    select_locale,
    wtforms_helpers,
)
from app.macro_imports import MacroImportingTemplate
from models import db


def create_app(config: type[Config] | str | None = None, **overrides: Any) -> Flask:
    """Create the Flask application.

    ``config`` is a config class or one of ``development``, ``test``, ``production``; without
    it, ``LISTENING_POST_ENV`` decides (production by default). ``overrides`` win over both.
    """
    from app.static_assets import VersionedStaticFlask, register_static_versions

    app = VersionedStaticFlask(__name__, instance_relative_config=True)
    config_class = config if isinstance(config, type) else config_for(config)
    app.config.from_object(config_class)
    app.config.update(overrides)
    config_class.validate(app.config)
    _name_session_cookie(app)
    _trust_proxies(app)

    _configure_templates(app)
    _init_extensions(app)
    _register_blueprints(app)

    from app.access_log import register_access_log
    from app.commands import register_commands
    from app.errors import register_error_handlers
    from app.favicon import register_favicon
    from app.security import register_security

    register_access_log(app)
    register_favicon(app)
    register_static_versions(app)
    register_security(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def _name_session_cookie(app: Flask) -> None:
    """Give a Secure session cookie the "__Host-" prefix where the configuration asks for it
    (production): a browser refuses such a cookie unless it is Secure, for the path / and
    without a Domain, so it cannot be set from, or sent to, any other host."""
    if app.config.get("SESSION_COOKIE_HOST_PREFIX") and app.config["SESSION_COOKIE_SECURE"]:
        name = app.config["SESSION_COOKIE_NAME"]
        if not name.startswith("__Host-"):
            app.config["SESSION_COOKIE_NAME"] = f"__Host-{name}"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX_X_FOR proxies, take the client's address from X-Forwarded-For.

    Only that header is trusted, and only as many of its addresses as there are proxies, so a
    client cannot choose the address its rate limits are counted under. Without a proxy (0)
    the header is ignored.
    """
    proxies = app.config.get("PROXY_FIX_X_FOR", 0)
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=0, x_host=0, x_port=0, x_prefix=0
        )


class PrintStrictUndefined(Undefined):
    """Undefined that may be tested (GOV.UK macros test optional params) but never printed,
    so a misspelt variable fails loudly instead of rendering as a blank."""

    __slots__ = ()

    def __str__(self) -> str:
        raise UndefinedError(self._undefined_message)


def _configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("app"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.undefined = PrintStrictUndefined
    # Set before any template is loaded; see app/macro_imports.py.
    app.jinja_env.template_class = MacroImportingTemplate
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from app.templating import register_template_helpers

    register_template_helpers(app)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    template_translations.install(app)  # in place of the template gettext Babel just set
    wtforms_helpers.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from app.database import configure_engine_events, end_read_only_transactions_with_commit

    with app.app_context():
        configure_engine_events(db.engine)
    end_read_only_transactions_with_commit(app, db)


def _register_blueprints(app: Flask) -> None:
    from app.actions import bp as actions_bp
    from app.actions.public import public_bp as you_said_we_did_bp
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.builder import bp as builder_bp
    from app.builder.trial import bp as draft_test_bp
    from app.coding import bp as coding_bp
    from app.health import bp as health_bp
    from app.officer import bp as officer_bp
    from app.public import bp as public_bp
    from app.results import bp as results_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(officer_bp, url_prefix="/officer")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(builder_bp, url_prefix="/admin/surveys")
    app.register_blueprint(draft_test_bp, url_prefix="/test")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(results_bp, url_prefix="/results")
    app.register_blueprint(you_said_we_did_bp)
    app.register_blueprint(actions_bp, url_prefix="/results")
    app.register_blueprint(coding_bp, url_prefix="/results")
