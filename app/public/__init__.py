from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import about, confirmation, question_labels, survey_language, views  # noqa: E402, F401  (routes and template helpers register on import)
