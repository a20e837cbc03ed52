"""A code too long for the code box (/r) or the withdrawal box (/withdraw): a GOV.UK error that
names the field, in English and Welsh, with what was typed still in the box, never cut short."""

from __future__ import annotations

import pytest

PASTED = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ " * 4  # a code pasted four times over: 108 characters
MESSAGES = {
    "en": "Code must be 80 characters or fewer",
    "cy": "Rhaid i'r cod fod yn 80 nod neu lai",
}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("path", ["/r", "/withdraw"])
def test_an_over_long_code_is_named_in_govuk_words_and_kept(browser, path, language):
    form = browser.get(f"{path}?lang={language}")
    box = form.soup.select_one("input[name='code']")
    assert not box.has_attr("maxlength")  # a pasted code is never silently cut short
    page = browser.post(data={"code": PASTED})
    assert page.status == 400
    assert page.error_summary() == [MESSAGES[language]]
    # The visually hidden prefix is "Error:" or "Gwall:".
    assert [e.removeprefix("Gwall: ") for e in page.field_errors()] == [MESSAGES[language]]
    assert page.soup.select_one("input[name='code']")["value"] == PASTED.strip()
    assert "Field cannot be longer" not in page.text()
    assert "Ni all Maes" not in page.text()
