"""The confirmation page, which shows the withdrawal code and what the answers asked about once,
and the page for answers sent twice: "Send answers" pressed again, or the page sent again, before
the confirmation appeared."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, session, url_for

from app.public import bot_check, bp, remembered
from app.public.code_forms import ShownCodeForm
from app.services import definitions, journeys, links, responses
from app.services.definitions import localised
from app.services.links import display_code
from app.templating import current_language

#: How long after Check your answers was shown a send that finds its answers already gone
#: counts as sent twice, on a listening session's link (a single-use link sent with is used).
#: Unsent answers are gone JOURNEY_TTL_HOURS after their last page was saved, so answers shown
#: this recently can have gone unsent since only if that page was saved nearly that long before
#: Check your answers was shown: then the two cannot be told apart on such a link, and a second
#: press is much the likelier.
SENT_TWICE_WITHIN_SECONDS = 600


def unsent_here(link: links.RespondentLink) -> bool:
    """Whether this browser's answers on the link are still waiting to be sent. Sending them
    deletes them as answers in progress, in the same transaction that uses the link: a used
    single-use link with this browser's answers still there was used by another browser (a
    second phone that scanned the same card), and this browser's were never sent."""
    token = link.token
    if not remembered.answered_here(token):
        return False
    return journeys.get_journey(remembered.journey_id(token), link) is not None


def sent_twice(token: str, *, link_used: bool = False) -> bool:
    """Whether a "Send answers" that found nothing left to send was this browser's second: its
    answers were on this link and are gone, and either the link (a single-use one) has been
    used or the check page the form came from was shown only minutes ago. (A used link with
    this browser's answers still waiting, :func:`unsent_here`, is not asked about.)

    A browser that sends the form again before the first send's page arrives (pressed twice on
    a slow connection, or with JavaScript off) sends the cookie it had before, which names the
    answers but not the confirmation the first send keeps in the cookie it answers with."""
    if request.method != "POST" or not remembered.answered_here(token):
        return False
    if link_used:
        return True
    age = bot_check.stamp_age(request.form.get(bot_check.STAMP_NAME))
    return age is not None and 0 <= age <= SENT_TWICE_WITHIN_SECONDS


def sent_twice_page(token: str):
    """The answers were sent by an earlier press: on to the confirmation page, which says so and
    that the withdrawal code, shown once on the page that press would have shown, cannot be
    shown now (nothing links those answers to this browser). Kept in the cookie as the
    confirmation is, so that the page can be read again, in either language."""
    remembered.remember_sent(token, {"sent_twice": True})
    return redirect(url_for("public.done", token=token), 303)


def _follow_up_context(language: str) -> dict[str, str]:
    config = current_app.config
    booking = config["CONVERSATION_BOOKING_TEXT"]
    if language == "cy":
        # Unset (None) when only the English was changed: better English than a wrong address.
        booking = config.get("CONVERSATION_BOOKING_TEXT_CY") or booking
    return {
        "scrutiny_panel_url": config["SCRUTINY_PANEL_URL"],
        "results_published_url": config["RESULTS_PUBLISHED_URL"],
        "conversation_booking_text": booking,
    }


@bp.route("/r/<token>/done", methods=["GET", "POST"])
def done(token: str):
    receipt = remembered.confirmation(token)
    if receipt is None:
        return redirect(url_for("public.start", token=token))
    offered = follow_ups_offered(token)
    if request.method == "POST":
        # The page's language button, while the code or follow-ups are shown: they come back
        # from the form.
        shown = _shown_sent_back(offered)
        if shown is None:
            return redirect(url_for("public.done", token=token))
        code, chosen = shown
        notes = [offered[key] for key in chosen]
    else:
        # The withdrawal code and the follow-up notes are shown once: kept in the cookie, anyone
        # who later picked up this phone or browser could read the code and withdraw someone
        # else's answers, or read what they asked about (on a station PC, a colleague asking
        # for a confidential conversation about leaving).
        code = receipt.pop("code", None)
        notes = receipt.pop("follow_ups", None)
        if code is not None or notes is not None:
            session.modified = True
        notes = notes if isinstance(notes, list) else []
        chosen = _ids_of(notes, offered)
    # In the language the page is read in now, which may not be the one the answers were in.
    language = current_language()
    context = _follow_up_context(language)
    return render_template(
        "public/done.html",
        code=code,
        follow_ups=[localised(text, language).format(**context) for text in notes],
        follow_up_ids=chosen,
        survey_follows_up=bool(offered),
        sent_twice=bool(receipt.get("sent_twice")),
    )


def follow_ups_offered(token: str) -> dict[str, Any]:
    """The follow-up notes the link's survey offers, by id (``question:option``), as its newest
    published version has them; none for a link or survey that is no longer there."""
    link = links.lookup(token).link
    if link is None or link.version_id is None or link.version_checksum is None:
        return {}
    definition = definitions.published(link.version_id, link.version_checksum)
    return {
        f"{question['key']}:{option}": note
        for _, question in definition.questions()
        for option, note in (question.get("follow_up") or {}).items()
        if note
    }


def _ids_of(notes: list[Any], offered: dict[str, Any]) -> list[str]:
    """The ids of the notes shown, for the page's form. A note the survey no longer offers (it
    was changed since the answers were sent) has none: it is not shown again in the other
    language."""
    ids = []
    for note in notes:
        found = next((key for key, offer in offered.items() if offer == note), None)
        if found is not None and found not in ids:
            ids.append(found)
    return ids


def _shown_sent_back(offered: dict[str, Any]) -> tuple[str | None, list[str]] | None:
    """The withdrawal code and the ids of the follow-up notes the confirmation page sent with its
    language button, or None if it sent neither. An id the survey does not offer is ignored, as
    a code that is not one is: only the survey's own text is ever shown, never the form's."""
    form = ShownCodeForm()
    changing_language = bot_check.CHANGE_LANGUAGE in request.form  # its language button
    if not (changing_language and form.validate_on_submit()):
        return None
    code = links.clean_code(form.code.data or "", responses.WITHDRAWAL_CODE_LENGTH)
    chosen = list(dict.fromkeys(key for key in form.follow_up.data if key in offered))
    if not code and not chosen:
        return None
    return (display_code(code) if code else None), chosen
