"""Survey definitions imported as files or pasted, attacked: too big, empty, in another
encoding, not text at all, compressed, nested deep, naming characters that are not text. Each
is refused with a message saying what to do, what was pasted is kept, and nothing is stored;
a good file is read whole whatever byte-order mark it starts with."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.services.import_files import MOST_BYTES, NOT_TEXT, not_text
from models import Role, SurveyDraft, db
from tests.app.test_builder_import import HATE_CRIME
from tests.pages import Browser, Page
from tests.staff import signed_in

IMPORT = "/admin/surveys/import"
QUESTION = "Were you kept informed?"


@pytest.fixture
def admin(client: FlaskClient):
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _drafts() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyDraft))


def _upload(client: FlaskClient, browser: Browser, body: bytes, name: str = "survey.json", **data):
    browser.get(IMPORT)
    response = client.post(
        IMPORT,
        data={"csrf_token": browser.page.csrf_token(), "file": (io.BytesIO(body), name), **data},
        content_type="multipart/form-data",
    )
    return response, Page(response.status_code, IMPORT, response.get_data(as_text=True))


def _definition(**changes) -> str:
    return json.dumps({**HATE_CRIME, **changes}, ensure_ascii=False)


# -- the file itself ----------------------------------------------------------------------


def test_a_file_too_big_is_refused_saying_how_big_it_may_be(admin, browser, client):
    """Before, the first 600,000 bytes were read and the JSON said to be broken where they
    stopped: a message about a string that was not unterminated at all. Now a file may be as
    long as a pasted definition (500,000 characters), so what it held fits the box."""
    body = _definition(intro={"en": ["x" * 700_000]}).encode()
    assert MOST_BYTES < len(body) < 1024 * 1024
    response, page = _upload(client, browser, body)
    assert response.status_code == 400
    assert page.error_summary() == ["The selected file must be smaller than 500KB"]
    assert _drafts() == 0


def test_a_pasted_definition_too_long_says_how_long_it_may_be(admin, browser):
    browser.get(IMPORT)
    text = _definition(intro={"en": ["x" * 500_000]})
    page = browser.post(data={"definition": text})
    assert page.status == 400
    assert page.error_summary() == ["The definition must be 500,000 characters or fewer"]
    assert page.textarea("definition") == text  # kept, to shorten
    assert _drafts() == 0


def test_a_file_as_big_as_allowed_is_read_whole(admin, browser, client):
    text = _definition()
    body = text.encode() + b" " * (MOST_BYTES - len(text.encode()))
    assert len(body) == MOST_BYTES
    response, _page = _upload(client, browser, body)
    assert response.status_code == 302
    assert _drafts() == 1


def test_a_file_bigger_than_any_request_gets_the_staff_page_saying_the_limit(
    admin, browser, client
):
    response, page = _upload(client, browser, b" " * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert "it takes up to 1 MB at a time" in page.text()
    assert _drafts() == 0


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "])
def test_an_empty_file_is_said_to_be_empty(admin, browser, client, body):
    response, page = _upload(client, browser, body)
    assert response.status_code == 400
    assert page.error_summary() == ["The selected file is empty"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(admin, browser, client, encoding):
    """Notepad and other editors on Windows save "Unicode" as UTF-16 with a mark."""
    text = _definition(title={"en": "Troseddau casineb: â ŵ ŷ", "cy": "Sut wnaethon ni?"})
    body = text.encode(encoding)
    if encoding == "utf-16-be":
        body = b"\xfe\xff" + body
    response, _page = _upload(client, browser, body)
    assert response.status_code == 302, _page.error_summary()
    draft = db.session.scalar(select(SurveyDraft))
    assert draft.source["title"]["en"] == "Troseddau casineb: â ŵ ŷ"


def test_a_file_in_another_encoding_says_to_save_it_as_utf8_and_keeps_the_paste(
    admin, browser, client
):
    pasted = _definition(minutes="three")
    body = _definition(title={"en": "Caf\xe9 meeting"}).encode("cp1252")
    response, page = _upload(client, browser, body, definition=pasted)
    assert response.status_code == 400
    assert page.error_summary() == [
        "The selected file must be a JSON file saved as UTF-8 text: save it as UTF-8 and "
        "select it again"
    ]
    assert page.textarea("definition") == pasted
    assert _drafts() == 0


@pytest.mark.parametrize(
    ("name", "body"),
    [
        # 10MB of zeros in 10KB: never unpacked, so never 10MB.
        ("survey.json.gz", gzip.compress(b"0" * 10_000_000)),
        ("survey.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4),
        ("../../../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
    ],
)
def test_a_file_that_is_not_a_definition_is_refused_without_being_unpacked(
    admin, browser, client, name, body
):
    response, page = _upload(client, browser, body, name=name)
    assert response.status_code == 400
    assert len(page.error_summary()) == 1
    assert name not in page.html  # the file's name is never used, nor shown
    assert _drafts() == 0


# -- what the text says -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "character"),
    [
        ("\\u0000", "U+0000"),  # a NUL: no page or spreadsheet shows one
        ("\\ud800", "U+D800"),  # half of a character: no UTF-8 at all (a server error)
        ("\\udc00", "U+DC00"),
        ("\\u000b", "U+000B"),  # a vertical tab, which no spreadsheet cell can hold
        ("\\u001B[31m", "U+001B"),  # a terminal's colour code
        ("\\uFFFE", "U+FFFE"),
        ("\\f", "U+000C"),  # a form feed, in JSON's short form
    ],
)
def test_a_character_that_is_not_text_is_refused_where_it_is(admin, browser, escape, character):
    text = json.dumps(HATE_CRIME, indent=2).replace(QUESTION, f"Were you {escape}kept informed?")
    browser.get(IMPORT)
    page = browser.post(data={"definition": text})
    assert page.status == 400
    line = next(n for n, row in enumerate(text.splitlines(), 1) if escape in row)
    column = text.splitlines()[line - 1].index(escape) + 1
    assert page.error_summary() == [
        f"The file has a character that is not text ({character}) at line {line}, "
        f"column {column}: remove it"
    ]
    assert page.textarea("definition") == text  # kept, to put right
    assert _drafts() == 0


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("\\ud83d\\udc6e", "\U0001f46e"),  # a whole character (a police officer), in halves
        ("\\\\u0000", "\\u0000"),  # a backslash, then letters and digits
        ("\\t", "\t"),
    ],
)
def test_characters_that_are_text_are_imported(admin, browser, written, stored):
    text = json.dumps(HATE_CRIME).replace(QUESTION, f"Were you kept informed?{written}")
    browser.get(IMPORT)
    page = browser.post(data={"definition": text})
    assert page.url == "/admin/surveys/hate-crime-victims", page.error_summary()
    draft = db.session.scalar(select(SurveyDraft))
    assert draft.source["pages"][0]["questions"][0]["text"]["en"].endswith(stored)


def _deep(depth: int) -> object:
    return json.loads("[" * depth + "]" * depth)


@pytest.mark.parametrize(
    "place",
    [
        lambda d, deep: d.update(title={"en": deep}),
        lambda d, deep: d["pages"][1].update(show_if={"question": deep, "in": ["no"]}),
        lambda d, deep: d["pages"][0]["questions"][0].update(options=deep),
        lambda d, deep: d.update(pages=deep),
    ],
)
def test_a_definition_nested_deep_anywhere_is_refused_clearly(admin, browser, place):
    definition = json.loads(json.dumps(HATE_CRIME))
    place(definition, _deep(500))
    browser.get(IMPORT)
    page = browser.post(data={"definition": json.dumps(definition)})
    assert page.status == 400
    assert page.error_summary()
    assert _drafts() == 0


def test_json_nested_deeper_than_can_be_read_says_so(admin, browser):
    browser.get(IMPORT)
    page = browser.post(data={"definition": '{"pages": ' + "[" * 100_000 + "]" * 100_000 + "}"})
    assert page.status == 400
    assert page.error_summary() == ["The file is not valid JSON text"]


def test_a_field_named_like_markup_is_shown_as_text(admin, browser):
    browser.get(IMPORT)
    definition = {**HATE_CRIME, "<script>alert(1)</script>": 1}
    page = browser.post(data={"definition": json.dumps(definition)})
    assert page.status == 400
    assert "<script>alert(1)</script>" not in page.html
    assert any("<script>alert(1)</script>" in error for error in page.error_summary())


# -- the check itself ---------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=12)


@given(st.dictionaries(any_text, any_text, max_size=3), st.booleans())
@example({"a": "\ud800"}, True)
@example({"a": "\ud83d\udc6e"}, True)  # two halves of one character
@example({"\x00": ""}, True)
@example({"": "\b"}, True)  # written "\b" by json, as a form feed is "\f"
@example({"a": "\\u0000"}, True)
def test_not_text_finds_a_character_that_is_not_text_wherever_it_is(values, ascii_only):
    text = json.dumps(values, ensure_ascii=ascii_only)
    read = json.loads(text)
    wrong = any(NOT_TEXT.search(part) for pair in read.items() for part in pair)
    found = not_text(text)
    assert (found is not None) == wrong, text
    if found is not None:
        character, line, column = found
        assert line == 1
        # At the character itself, or the backslash of the escape that writes it.
        assert text[column - 1] in ("\\", chr(int(character[2:], 16))), (text, found)
