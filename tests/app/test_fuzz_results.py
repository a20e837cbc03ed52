"""Property-based: the analyst's forms and addresses that test_fuzz.py does not reach, fed odd
input by Hypothesis: editing and removing a theme, training the models, discovering themes,
skipping an answer, editing, publishing and deleting a "You said, we did" action, the exports'
filters, and addresses naming no survey, answer, theme or action there is. None gives a 5xx,
and a refusal stores nothing (every row compared)."""

from __future__ import annotations

import copy
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from app.services import actions, coding, demo, surveys, taxonomy
from models import Action, Role, TextAnswer, db
from tests.app.fuzz_helpers import (
    EXAMPLES,
    Form,
    assert_no_server_error,
    changed_tables,
    fuzz_every_form,
    fuzz_form,
    fuzz_settings,
    odd_text,
    stored,
)
from tests.factories import create_area
from tests.staff import forget_request_state, signed_in

SURVEY = "/results/stop-search"


@pytest.fixture
def analyst(client: FlaskClient) -> None:
    create_area("north", "North District")
    demo.seed_responses(40, seed=3)
    signed_in(client, Role.ANALYST)


@pytest.fixture
def themes_as_they_were(analyst):
    """Before each example, the survey's themes as they were (an edit renames a theme, and so
    changes the address of its pages)."""
    found = taxonomy.taxonomy_of(surveys.get_survey("stop-search"))
    themes, checksum = copy.deepcopy(found.themes), found.checksum

    def put_back() -> None:
        db.session.rollback()
        db.session.refresh(found)
        found.themes, found.checksum = copy.deepcopy(themes), checksum
        db.session.commit()

    return put_back


@pytest.mark.parametrize("page", ["", "/remove"], ids=["edit", "remove"])
def test_the_theme_forms_take_any_input(client: FlaskClient, themes_as_they_were, page: str):
    key = taxonomy.themes_of(surveys.get_survey("stop-search"))[0].key
    url = f"{SURVEY}/coding/themes/{key}{page}"
    assert fuzz_every_form(client, url, prepare=themes_as_they_were) == 1


def test_finding_themes_takes_any_input(client: FlaskClient, analyst):
    assert fuzz_every_form(client, f"{SURVEY}/coding/discover") == 1


def test_the_train_button_takes_any_input(client: FlaskClient, analyst):
    """Shown once enough answers are coded; sent here with too few, and with every kind of
    field, it trains nothing and stores nothing when refused."""
    # The CSRF token is the session's: any page with a form of the analyst's gives it.
    fuzz_form(client, "/account/password", Form("post", f"{SURVEY}/coding/train"))


@pytest.fixture
def action_as_it_was(analyst):
    """A "You said, we did" action, there as it was before each example (not edited, published
    or deleted)."""
    survey = surveys.get_survey("stop-search")
    made = actions.create(
        survey,
        actions.ActionInput(you_said="Say why", we_did="Briefed every team", status="done"),
        None,
    )
    db.session.commit()
    public_id = made.public_id

    def put_back() -> None:
        db.session.rollback()
        found = actions.by_public_id(survey, public_id)
        if found is None:
            found = actions.create(
                survey,
                actions.ActionInput(you_said="Say why", we_did="Briefed", status="done"),
                None,
            )
            found.public_id = public_id
        found.you_said, found.we_did, found.published = "Say why", "Briefed", False
        db.session.commit()

    return public_id, put_back


@pytest.mark.parametrize("page", ["", "/delete"], ids=["edit", "delete"])
def test_the_action_forms_take_any_input(client: FlaskClient, action_as_it_was, page: str):
    public_id, put_back = action_as_it_was
    url = f"{SURVEY}/actions/{public_id}{page}"
    assert fuzz_every_form(client, url, prepare=put_back) == 1


def test_the_publish_buttons_take_any_input(client: FlaskClient, action_as_it_was):
    _, put_back = action_as_it_was
    # Publish on the survey's list of actions; then, published, unpublish.
    assert fuzz_every_form(client, f"{SURVEY}/actions", prepare=put_back) >= 1

    def published() -> None:
        put_back()
        db.session.execute(db.update(Action).values(published=True))
        db.session.commit()

    assert fuzz_every_form(client, f"{SURVEY}/actions", prepare=published) >= 1


FILTERS = ["by", "compare", "area", "start", "end", "from", "to", "theme", "group", "x"]
ADDRESSES = [
    f"{SURVEY}/export.csv",
    f"{SURVEY}/export.xlsx",
    f"{SURVEY}/coding/answer",
    f"{SURVEY}/coding/discover",
    "/results/stop-search/coding/themes/new",
    "/results/coding",
    "/results/actions",
    "/results/",
]


@fuzz_settings(EXAMPLES * 2)
@example(query=[("by", "ethnic_group"), ("area", "north")])
@example(query=[("skip", "x" * 500)])
@example(query=[("name", "Grounds"), ("seeds", "a, b, " * 100)])
@given(
    query=st.lists(
        st.tuples(st.sampled_from([*FILTERS, "skip", "name", "seeds", "limit"]), odd_text),
        max_size=4,
    )
)
def test_the_analysts_addresses_take_any_query(client: FlaskClient, query):
    if client.get_cookie("session") is None:
        create_area("north", "North District")
        demo.seed_responses(40, seed=3)
        signed_in(client, Role.ANALYST)
    before = stored()
    for url in ADDRESSES:
        forget_request_state()
        response = client.get(url, query_string=query)
        assert_no_server_error(response, url, query)
    # An export is recorded in the audit log, and only there.
    assert changed_tables(before) == []


names = odd_text.filter(lambda text: text not in ("", ".", ".."))


@fuzz_settings(EXAMPLES * 2)
@example(slug="stop-search", name="../../etc/passwd")
@example(slug="no-such-survey", name="x")
@given(slug=st.sampled_from(["stop-search", "say-to-stay"]) | names, name=names)
def test_addresses_naming_nothing_there_is_are_not_found(client: FlaskClient, slug, name):
    if client.get_cookie("session") is None:
        signed_in(client, Role.ANALYST)
    slug, name = quote(slug, safe=""), quote(name, safe="")
    before = stored()
    for url in (
        f"/results/{slug}",
        f"/results/{slug}/export.{name}",
        f"/results/{slug}/coding/answers/{name}",
        f"/results/{slug}/coding/themes/{name}",
        f"/results/{slug}/coding/themes/{name}/remove",
        f"/results/{slug}/actions/{name}",
        f"/results/{slug}/actions/{name}/delete",
    ):
        forget_request_state()
        response = client.get(url)
        assert_no_server_error(response, url, (slug, name))
        # 308: a slash in a name makes two in a row, which the address is redirected without.
        assert response.status_code in (200, 308, 400, 404), (url, response.status_code)
    assert changed_tables(before) == []


def test_an_answer_of_another_survey_is_not_found_by_its_token(client: FlaskClient, analyst):
    answer = db.session.scalars(
        db.select(TextAnswer).where(TextAnswer.survey_id == surveys.get_survey("say-to-stay").id)
    ).first()
    assert answer is not None
    token = coding.answer_token(answer)
    assert client.get(f"/results/say-to-stay/coding/answers/{token}").status_code == 200
    assert client.get(f"{SURVEY}/coding/answers/{token}").status_code == 404
