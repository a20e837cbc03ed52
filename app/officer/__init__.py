"""Officers make codes (links with QR codes), print cards, and see their own counts."""

from flask import Blueprint

from app.auth.access import protect
from models import Role

bp = Blueprint("officer", __name__)
protect(bp, Role.OFFICER)

from app.officer import views  # noqa: E402, F401  (routes register on import)
