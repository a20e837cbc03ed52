"""Admins manage users, areas and API tokens; analysts may see the offered-and-answered counts."""

from flask import Blueprint

from app.auth.access import protect
from models import Role

bp = Blueprint("admin", __name__)
protect(bp, Role.ADMIN, also=[("admin.offered_answered", Role.ANALYST)])

from app.admin import disclosure, retention_page, tokens, views  # noqa: E402, F401  (routes register on import)
