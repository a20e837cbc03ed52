"""Results: what people said, by group, for analysts and admins."""

from flask import Blueprint

from app.auth.access import protect
from models import Role

bp = Blueprint("results", __name__)
protect(bp, Role.ANALYST, Role.ADMIN)

from app.results import template_functions, views  # noqa: E402, F401  (they register on import)
