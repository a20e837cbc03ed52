"""The survey builder: admins make, try, publish, import and export surveys."""

from flask import Blueprint

from app.auth.access import ROLE_NAVIGATION, protect
from models import Role

bp = Blueprint("builder", __name__)
protect(bp, Role.ADMIN)

if ("builder.surveys", "Surveys") not in ROLE_NAVIGATION[Role.ADMIN]:
    ROLE_NAVIGATION[Role.ADMIN].insert(3, ("builder.surveys", "Surveys"))

from app.builder import drafts, editing, publishing, try_out  # noqa: E402, F401  (routes register on import)
