"""You said, we did: analysts record and publish actions (staff pages under /results).

The public pages that list published actions are a separate blueprint,
:mod:`app.actions.public`, so that they are never behind sign-in.
"""

from flask import Blueprint

from app.auth.access import protect
from models import Role

bp = Blueprint("actions", __name__)
protect(bp, Role.ANALYST, Role.ADMIN)

from app.actions import views  # noqa: E402, F401  (routes register on import)
