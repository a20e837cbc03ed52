"""Staff reading respondents' written answers is in the audit log: the answers to code, an
analyst's own latest codings, the examples of themes the list misses, and the answers quoted on
the results page. Free text is special-category data, and a force asked "who read these
answers, and when" must be able to say (OWASP ASVS 4.0, 7.1 and 7.2: access to sensitive data
is logged; UK GDPR accountability). Who read which survey's answers, on which kind of page, is
recorded once an hour, so coding 200 answers is one row, not 200; never the answers, their ids,
or the group and theme quotes were chosen by."""

from __future__ import annotations

import datetime as dt
import json

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import coding
from models import AuditEvent, Role, db
from tests.app.coding_helpers import RESPECT, add_answers
from tests.pages import Browser
from tests.results_data import add_responses, group
from tests.staff import signed_in

CODING = "/results/stop-search/coding"
STOP_SEARCH = "Stop and search: tell us how it went"
SECRET = "They emptied my bag outside the chip shop twice in one week"


def reads() -> list[tuple[str | None, str | None, dict]]:
    db.session.expire_all()
    found = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "answers.read").order_by(AuditEvent.id)
    )
    return [(event.actor, event.target, event.detail) for event in found]


def an_hour_passes() -> None:
    for event in db.session.scalars(select(AuditEvent)):
        event.occurred_at -= dt.timedelta(hours=1, minutes=1)
    db.session.commit()


def _code_one(browser: Browser) -> None:
    page = browser.get(f"{CODING}/answer")
    form = page.soup.select_one("main form")
    assert browser.post(form["action"], data={"sentiment": "-1", "themes": [RESPECT]}).status == 200


def test_coding_answers_is_recorded_once_an_hour_not_once_a_page(
    client: FlaskClient, browser: Browser
):
    answers = add_answers([f"Answer number {i}" for i in range(6)])
    analyst = signed_in(client, Role.ANALYST)

    for _ in range(3):
        assert browser.get(f"{CODING}/answer").status == 200
    _code_one(browser)
    token = coding.answer_token(answers[0])
    assert browser.get(f"{CODING}/answers/{token}").status == 200
    assert browser.get(CODING).status == 200  # their latest codings, with the answers' text

    assert reads() == [(analyst.email, "stop-search", {"read_on": "coding"})]

    an_hour_passes()
    assert browser.get(f"{CODING}/answer").status == 200
    assert reads() == [(analyst.email, "stop-search", {"read_on": "coding"})] * 2


def test_each_reader_and_each_survey_is_recorded_apart(app, client: FlaskClient, browser: Browser):
    add_answers(["About the stop"])
    add_answers(["About the listening session"], survey="listening-session", question="top_issues")
    first = signed_in(client, Role.ANALYST, email="first.analyst@example.org")
    other = Browser(app.test_client())
    second = signed_in(other.client, Role.ADMIN, email="second.admin@example.org")

    assert browser.get(f"{CODING}/answer").status == 200
    assert other.get(f"{CODING}/answer").status == 200
    assert other.get("/results/listening-session/coding/answer").status == 200

    assert reads() == [
        (first.email, "stop-search", {"read_on": "coding"}),
        (second.email, "stop-search", {"read_on": "coding"}),
        (second.email, "listening-session", {"read_on": "coding"}),
    ]


def test_the_reading_recorded_holds_nothing_of_the_answer(client: FlaskClient, browser: Browser):
    (answer,) = add_answers([SECRET])
    signed_in(client, Role.ANALYST)
    token = coding.answer_token(answer)

    page = browser.get(f"{CODING}/answers/{token}")
    assert SECRET in page.text()

    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "answers.read"))
    stored = json.dumps([event.action, event.target, event.actor, event.detail])
    for told in ("emptied", "bag", "chip shop", "week", token, str(answer.id)):
        assert told not in stored


def test_pages_showing_no_answers_record_no_reading(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ANALYST)
    add_answers(["Not yet read"], survey="listening-session", question="top_issues")
    for url in ("/results/coding", CODING, f"{CODING}/themes", f"{CODING}/discover?k=999"):
        assert browser.get(url).status == 200, url
    # Nothing to code: back to the survey's coding page, with no answer shown.
    assert browser.get(f"{CODING}/answer").url == CODING
    assert browser.get("/results/stop-search").status == 200

    assert reads() == []


def test_an_officer_refused_the_coding_pages_is_recorded_as_refused_not_as_reading(
    client: FlaskClient, browser: Browser
):
    (answer,) = add_answers([SECRET])
    officer = signed_in(client, Role.OFFICER)

    page = browser.get(f"{CODING}/answers/{coding.answer_token(answer)}")
    assert page.status == 403
    assert "chip shop" not in page.text()
    assert browser.get(f"{CODING}/answer").status == 403

    assert reads() == []
    refused = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access.refused").order_by(AuditEvent.id)
    ).all()
    assert [(event.actor, event.target, event.detail) for event in refused] == [
        (officer.email, "/results/<slug>/coding/answers/<token>", {"role": "officer"}),
        (officer.email, "/results/<slug>/coding/answer", {"role": "officer"}),
    ]


def test_examples_of_themes_the_list_misses_are_a_reading(client: FlaskClient, browser: Browser):
    texts = [f"The dog handler brought a sniffer dog to the car, number {i}" for i in range(15)]
    texts += [f"Waited an hour in the cold rain for the van, number {i}" for i in range(15)]
    add_answers(texts)
    analyst = signed_in(client, Role.ANALYST)

    page = browser.get(f"{CODING}/discover?k=5")
    assert "sniffer dog" in page.text()
    assert browser.get(f"{CODING}/discover?k=4").status == 200

    assert reads() == [(analyst.email, "stop-search", {"read_on": "theme_discovery"})]


def test_answers_quoted_on_the_results_page_are_a_reading_but_figures_alone_are_not(
    client: FlaskClient, browser: Browser
):
    add_responses(
        group(20, "white", texts=[("improve", "Twenty of us wrote this.", -0.5, [RESPECT])])
        + group(19, "black", texts=[("improve", "Nineteen of us wrote this.", -0.5, [RESPECT])])
    )
    analyst = signed_in(client, Role.ANALYST)
    quotes = f"/results/stop-search?theme={RESPECT.replace(' ', '+')}&group="

    assert browser.get("/results/stop-search?by=ethnic_group").status == 200
    too_few = browser.get(quotes + "black")  # fewer writers than quotes need: none shown
    assert "Nineteen of us" not in too_few.text()
    assert reads() == []

    for _ in range(3):
        assert "Twenty of us wrote this." in browser.get(quotes + "white").text()
    assert reads() == [(analyst.email, "stop-search", {"read_on": "results_quotes"})]


def test_the_audit_log_names_the_reading_in_plain_english(app, client: FlaskClient):
    add_answers([SECRET])
    analyst = Browser(app.test_client())
    reader = signed_in(analyst.client, Role.ANALYST)
    assert analyst.get(f"{CODING}/answer").status == 200

    signed_in(client, Role.ADMIN)
    page = Browser(client).get("/admin/audit?action=answers.read")

    chosen = page.soup.select_one("#action option[selected]")
    assert chosen.get_text(strip=True) == "Respondents' written answers read"
    (row,) = page.soup.select("#audit-events tbody tr")
    who, what, target, details = (" ".join(td.get_text().split()) for td in row.select("td")[1:])
    assert who == reader.email
    assert what == "Respondents' written answers read"
    assert target == STOP_SEARCH
    assert details == "Read on: The coding pages: an answer to code, or their own latest codings"
    assert "chip shop" not in page.text()


def test_every_kind_of_page_reads_in_words(app, client: FlaskClient):
    admin = signed_in(client, Role.ADMIN)
    for read_on in ("theme_discovery", "results_quotes"):
        db.session.add(
            AuditEvent(
                action="answers.read",
                target="stop-search",
                detail={"read_on": read_on},
                actor_id=admin.id,
                actor=admin.email,
            )
        )
    db.session.commit()

    page = Browser(client).get("/admin/audit?action=answers.read")
    details = [
        " ".join(row.select("td")[4].get_text().split())
        for row in page.soup.select("#audit-events tbody tr")
    ]
    assert details == [
        "Read on: The results page: answers quoted for a group and theme",
        "Read on: Themes the list misses: example answers",
    ]
