"""Whether a code for a survey of police officers and staff was answered is confidential.

Say to Stay, and any survey whose audience is "staff", is answered by a colleague thinking of
leaving, through a single-use code that someone they work with made and gave them. Whether that
code was answered says whether that one named colleague is thinking of leaving and said why:
information of the same weight as the answers. So the person who made the code is never told
it, on any page or through the API, nor given any count it would follow from; the analysts'
counts for such a survey are shown only over enough codes (see
:mod:`app.services.offered_answered`).

A survey is for staff if any version of it ever published was: a code made while it was stays
confidential if a later version is changed to ask the public.

Nor do such a survey's results change as each response comes in: one that did would let someone
who knows a colleague has just answered read their answers off the difference between the
figures before and after, by ethnic group, role and reason for leaving, each view safe on its
own. So the month not yet over is left out of every figure, whatever its count
(:func:`month_not_over`), and the figures change once a month, by a whole month's responses.
For the same reason its written answers reach the analysts who code them only once the month
they were given in is over (:func:`text_of_month_over`).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select, true

from models import Link, Response, SurveyVersion, TextAnswer, db, today

STAFF = "staff"

#: What a staff survey's code says instead of its status, to the officer who made it.
NOT_SHOWN = "Not shown"

#: And the API's ``status`` for it.
API_NOT_SHOWN = "not_shown"


def staff_survey_ids_query() -> Select:
    """The ids of the surveys any published version of which is for staff, as a subquery."""
    audience = SurveyVersion.definition["audience"].as_string()
    return select(SurveyVersion.survey_id).where(audience == STAFF).distinct()


def not_for_staff(survey_id: ColumnElement[int]) -> ColumnElement[bool]:
    """The condition, on a column of survey ids (``Link.survey_id``), that the survey was never
    published for staff: what counts of codes shown beside their maker or area must hold to, as
    how many of a staff survey's codes were answered would say whether a colleague did."""
    return survey_id.not_in(staff_survey_ids_query())


def staff_survey_ids() -> frozenset[int]:
    """The ids of the surveys any published version of which is for staff."""
    return frozenset(db.session.scalars(staff_survey_ids_query()))


def is_confidential(link: Link, staff_surveys: frozenset[int] | None = None) -> bool:
    """Whether ``link`` is for a staff survey, so that whether it was answered is not shown.
    ``staff_surveys`` saves looking them up again for each of many links."""
    if staff_surveys is None:
        staff_surveys = staff_survey_ids()
    return link.survey_id in staff_surveys


def answered_count_shown(offered: int, answered: int, k: int) -> bool:
    """Whether how many of ``offered`` codes of a staff survey were answered may be shown to
    anyone: at least k answered and at least k not, so that neither "all of them" nor "none of
    them" nor a count of a few is said of the colleagues given them. Nor may two counts shown
    differ by a few codes, such as totals over the last so many weeks on two days (see
    :mod:`app.services.offered_answered`)."""
    return answered >= k and offered - answered >= k


def is_staff_survey(survey_id: int | None) -> bool:
    return survey_id is not None and survey_id in staff_survey_ids()


def month_not_over(survey_id: int, staff_surveys: frozenset[int] | None = None) -> str | None:
    """For a staff survey, the month not yet over ("2026-11"), whose responses no figure counts
    until it ends (see above); None for any other survey. It is the month a response made now
    keeps (:mod:`app.services.responses` stamps it with :func:`models.today`, in UTC), and is
    named whether or not anyone has answered in it, so that naming it says nothing either.
    ``staff_surveys`` saves looking them up again for each of many surveys."""
    if staff_surveys is None:
        staff_surveys = staff_survey_ids()
    if survey_id not in staff_surveys:
        return None
    return today().strftime("%Y-%m")


def text_of_month_over(survey_id: int) -> ColumnElement[bool]:
    """The condition on ``text_answers`` that an answer to a staff survey was given in a month
    that is over; true of every answer to any other survey. Coding offers and counts only
    these, so that a colleague's words are not there to read, nor the count of answers to
    code one higher, on the day they give them."""
    not_over = month_not_over(survey_id)
    if not_over is None:
        return true()
    this_month = select(Response.id).where(
        Response.survey_id == survey_id, Response.submitted_month == not_over
    )
    return TextAnswer.response_id.not_in(this_month)
