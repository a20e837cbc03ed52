"""The built-in surveys' words make sense where people meet them: a parent answering for their
child is told whose answers to give, and a question reads whole on its own (on Check your
answers, in the results and in exports), not only after the one before it."""

from __future__ import annotations

from app.services import surveys
from tests.factories import create_link
from tests.pages import Browser


def test_a_parent_is_told_to_answer_for_the_person_searched(browser: Browser):
    token = create_link("stop-search").token
    english = browser.get(f"/r/{token}?lang=en").text()
    assert "If you are a parent or guardian, answer for the person who was searched" in english
    assert "is about them, not you" in english
    welsh = browser.get(f"/r/{token}?lang=cy").text()
    assert "Os ydych yn rhiant neu'n warcheidwad, atebwch ar ran y person" in welsh


def test_trust_after_the_session_is_a_whole_question():
    definition = surveys.get_survey("listening-session").current_version.definition
    questions = {q["key"]: q for page in definition["pages"] for q in page["questions"]}
    after = questions["trust_after"]
    assert after["text"] == {
        "en": "After today’s session, how much do you trust the police in your area?",
        "cy": "Ar ôl sesiwn heddiw, faint ydych chi'n ymddiried yn yr heddlu yn eich ardal?",
    }
    assert "hint" not in after
