"""Coding free-text answers, training and checking the models, and editing the themes.

Staff pages under /results/<slug>/coding, for analysts and admins.
"""

from flask import Blueprint

from app.auth.access import protect
from models import Role

bp = Blueprint("coding", __name__)
protect(bp, Role.ANALYST, Role.ADMIN)

from app.coding import views  # noqa: E402, F401  (routes register on import)
