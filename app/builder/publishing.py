"""Publishing a draft: the builder asks first, as it does before removing or discarding.

The draft's page links to the confirmation with the stamp of the draft as the page showed it
(``?seen=``), and the confirmation's form carries that stamp on: what is published is the
draft the admin looked at. If it has changed since, nothing is published and the draft's page
is shown again as it is now (409), for them to look at again. The confirmation says which
version this makes, who will see it, that it cannot be changed afterwards, and where the draft
has no Welsh (a warning: a force may publish in English only).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.builder import bp
from app.builder.common import draft_or_404, draft_title, form_status
from app.builder.drafts import draft_page
from app.builder.forms import DraftConfirmForm
from app.builder.welsh import Welsh
from app.services import builder, builder_publish, draft_tests
from app.services.definition_checks import DefinitionProblems
from app.services.draft_versions import DraftChanged, stamp


@bp.route("/<slug>/publish", methods=["GET", "POST"])
def publish(slug: str) -> ResponseReturnValue:
    """Asks first (GET); only the confirming POST, with its CSRF token and the draft's stamp,
    publishes."""
    draft = draft_or_404(slug)
    form = DraftConfirmForm()
    if request.method == "GET":
        seen = request.args.get("seen", "")
        if seen != stamp(draft.source):
            return draft_page(slug, changed="publish", out_of_date=not seen)
        if builder_publish.problems(draft):
            return redirect(url_for("builder.survey", slug=slug, check=1))
        unchanged = builder_publish.same_as_published(draft)
        if unchanged is not None:
            flash(builder_publish.nothing_to_publish(unchanged))
            return redirect(url_for("builder.survey", slug=slug))
        form.stamp_with(draft)
        return _confirmation(slug, form)
    if not form.validate_on_submit():
        return redirect(url_for("builder.survey", slug=slug))
    try:
        version = builder_publish.publish(slug, seen=form.seen())
    except DraftChanged as changed:
        return draft_page(slug, changed="publish", out_of_date=changed.unstamped)
    except DefinitionProblems:
        return redirect(url_for("builder.survey", slug=slug, check=1))
    except builder.BuilderError as error:
        flash(error.message)
        return redirect(url_for("builder.survey", slug=slug))
    flash(
        f"Version {version.number} is published. Officers can now make codes for it, "
        "and its results appear with the others.",
        "success",
    )
    return redirect(url_for("builder.survey", slug=slug))


def _confirmation(slug: str, form: DraftConfirmForm) -> ResponseReturnValue:
    draft = draft_or_404(slug)
    row = next(row for row in builder.survey_rows() if row.slug == slug)
    html = render_template(
        "builder/publish.html",
        form=form,
        draft=draft,
        row=row,
        survey_title=draft_title(draft),
        version=(row.version or 0) + 1,
        staff=draft.source.get("audience") == "staff",
        test_links=len(draft_tests.open_test_links(draft)),
        welsh=Welsh.of(draft),
    )
    return html, form_status(form)
