"""Results: what people said, by group, for analysts and admins."""

from flask import Blueprint, abort, request

from app.auth.access import protect
from models import Role

bp = Blueprint("results", __name__)


@bp.before_request
def refuse_nul_characters() -> None:
    """400 for a NUL anywhere in the address, before anything else (as on other staff pages):
    no filter has one, and PostgreSQL would refuse to compare it."""
    if "\x00" in request.path or any(
        "\x00" in key + value for key, value in request.args.items(multi=True)
    ):
        abort(400, "The request contains a NUL character.")


protect(bp, Role.ANALYST, Role.ADMIN)

from app.results import views  # noqa: E402, F401  (routes register on import)
