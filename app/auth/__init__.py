"""Staff sign-in, sign-out, password change, and the guards that staff blueprints use."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import account, session, views  # noqa: E402, F401  (hooks and routes register on import)
