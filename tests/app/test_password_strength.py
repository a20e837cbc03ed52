"""New passwords that are commonly used, or built from the person's email address or the
service's or force's name, are refused with a kind message on every way a password is set:
the first sign-in after a reset, Your account, and `flask users create`. Long passphrases, the
demo accounts' passwords and temporary passwords pass."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.commands.users import demo_password
from app.services import password_strength, users
from models import Role
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, signed_in

HARDER = "Choose a password that is harder to guess"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password12345678", "too like a commonly used password"),
        ("iloveyou12345", "too like a commonly used password"),
        # Whole entries of zxcvbn's list of passwords commonly used.
        ("qwertyuiop123", "among the most commonly used passwords"),
        ("Password1234", "among the most commonly used passwords"),
        ("listeningpost2026", "do not base it on your email address, on Listening Post"),
        ("Listening Post 2026", "do not base it on your email address, on Listening Post"),
        ("demoshirepolice1", "the name of your force"),
        ("pc.jones2026", "do not base it on your email address"),
        ("pcjones12345", "do not base it on your email address"),
        ("abcdefghijklmnop", "avoid keyboard patterns, repeated characters, runs like 1234"),
        ("aaaaaaaaaaaaaaaa", "avoid keyboard patterns, repeated characters, runs like 1234"),
        # Nothing but the person's details and a year, which zxcvbn alone would let through:
        # two of them are "hard to guess" only to someone who does not know them.
        ("jonesexample2026", "do not base it on your email address"),
        ("Example Jones 2026!", "do not base it on your email address"),
        ("pc jones police 2026", "do not base it on your email address"),
        ("PoliceDemoshire2026", "the name of your force"),
        ("listening post 2026!", "on Listening Post"),
        # A letter or three more does not make it another password.
        ("jonesexample2026x", "do not base it on your email address"),
        ("Jones Example abc 2026", "do not base it on your email address"),
    ],
)
def test_easily_guessed_passwords_are_refused_saying_why(app: Flask, password: str, reason: str):
    problem = users.password_problem(password, "pc.jones@example.org")
    assert problem is not None and problem.startswith(HARDER + ": ")
    assert reason in problem
    assert problem.endswith("A few unrelated words together work well")


def test_the_force_named_is_the_one_configured(app: Flask):
    assert users.password_problem("northumbria2026", "pc@example.org") is None
    app.config["FORCE_NAME"] = "Northumbria Police"
    try:
        assert "name of your force" in users.password_problem("northumbria2026", "pc@example.org")
    finally:
        app.config["FORCE_NAME"] = "Demoshire Police"


@pytest.mark.parametrize(
    "password",
    [
        PASSWORD,
        "a much longer new password",
        "a long enough password",
        "fish and chips on friday",
        "blue cat jumps high",
        "purple monkey dishwasher",
        # One of the person's own words among others that are not is judged as a whole.
        "jones garden lantern",
        # The first 64 characters are judged; a long one that starts well passes.
        "correct horse battery staple " * 8,
    ],
)
def test_long_passphrases_pass(app: Flask, password: str):
    assert users.password_problem(password, "pc.jones@example.org") is None


# Passwords from a password manager, mostly digits, refused before as "based on your email
# address": a letter or two of them, by chance, is an initial ("k" of k.kane), "uk", or "met"
# or "post" in l33t ("m3t", "p057"), and the few other letters left seemed nothing besides.
# But their digits are random: 10^10 guesses and more to someone who knows the rest.
RANDOM_WITH_A_CHANCE_MATCH = [
    ("7876w752x7l574k6", "k.kane@example.police.uk"),
    ("8j51a9982w0j86p", "j.dailey@pnn.police.uk"),
    ("c57ku063h399n90", "wendell.ritchie@example.police.uk"),
    ("q30m3t6d19p325", "crouch17@met.police.uk"),
    ("02v2674p057974g", "lorenzo.moser@south-wales.police.uk"),
    ("9jo41smi72x83", "jo.smith@example.police.uk"),
]


@pytest.mark.parametrize(("password", "email"), RANDOM_WITH_A_CHANCE_MATCH)
def test_random_passwords_sharing_a_letter_or_two_with_the_details_pass(
    app: Flask, password: str, email: str
):
    assert users.password_problem(password, email) is None


JO_SMITH = "jo.smith@example.police.uk"


@pytest.mark.parametrize(
    ("password", "email"),
    [
        ("jo.smith2026", JO_SMITH),
        ("Jo Smith 2026!", JO_SMITH),
        ("j0.sm1th2026", JO_SMITH),
        ("htims.oj2026", JO_SMITH),
        ("jsmith2026!!", JO_SMITH),
        ("JoSmith-abc-2026", JO_SMITH),
        ("smithjo123456789", JO_SMITH),
        ("jo.smith 2026 2026", JO_SMITH),
        ("Smith.Example.2026", JO_SMITH),
        ("ListeningPost1!", JO_SMITH),
        ("DemoshirePolice2026", JO_SMITH),
        ("Demoshire Police 2026", JO_SMITH),
        ("demoshire2026!", JO_SMITH),
        # The name in an address with a number in it is the person's without the number too.
        ("Hogue.Police 2026", "hogue70@kent.police.uk"),
        ("h0gu3-police!2026 2026", "hogue70@kent.police.uk"),
        ("c00k3p0l1c3 2026x", "cooke43@pnn.police.uk"),
        ("jan1c3.g0ss64 12345678", "janice.goss64@btp.police.uk"),
        ("3nr1qu3.rub1048!1234", "enrique.rubio48@wmp.police.uk"),
    ],
)
def test_passwords_built_on_the_details_are_still_refused_with_digits_in_them(
    app: Flask, password: str, email: str
):
    """Digits that are a year, a run or a repeat add nothing to the details around them."""
    assert users.password_problem(password, email) == password_strength.TOO_LIKE_YOUR_DETAILS


def test_a_long_password_made_of_one_letter_is_still_refused(app: Flask):
    assert users.password_problem("x" * 256, "pc@example.org") == password_strength.TOO_PREDICTABLE


def test_demo_and_temporary_passwords_pass(app: Flask):
    for email in ("officer@example.org", "analyst@example.org", "admin@example.org"):
        assert users.password_problem(demo_password(email), email) is None
    for _ in range(20):
        assert users.password_problem(users.temporary_password(), "pc@example.org") is None


def _change(browser: Browser, current: str, new: str):
    browser.get("/account/password")
    return browser.post(
        data={"current_password": current, "new_password": new, "confirm_password": new}
    )


def test_your_account_refuses_a_common_password_and_keeps_the_old_one(
    client: FlaskClient, browser: Browser
):
    user = signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    page = _change(browser, PASSWORD, "password12345678")
    assert page.status == 400
    assert page.error_summary() == [password_strength.TOO_LIKE_A_COMMON_ONE]
    assert page.field_errors() == [password_strength.TOO_LIKE_A_COMMON_ONE]
    assert page.title.startswith("Error: ")
    assert users.verify_password(users.by_email(user.email).password_hash, PASSWORD)
    # The hint under the box says what to avoid before anyone gets it wrong.
    hint = page.soup.select_one("#new_password-hint").get_text()
    assert "Avoid common passwords, and your email address" in hint

    page = _change(browser, PASSWORD, "listeningpost2026")
    assert page.error_summary() == [password_strength.TOO_LIKE_YOUR_DETAILS]

    page = _change(browser, PASSWORD, "pc.jones@example.org!")
    assert page.error_summary() == [password_strength.TOO_LIKE_YOUR_DETAILS]

    page = _change(browser, PASSWORD, "a much longer new password")
    assert page.url == "/officer/codes/new"


def test_your_account_takes_a_random_password_that_shares_an_initial_with_the_email(
    client: FlaskClient, browser: Browser
):
    user = signed_in(client, Role.OFFICER, email="k.kane@example.police.uk")
    page = _change(browser, PASSWORD, "7876w752x7l574k6")
    assert page.url == "/officer/codes/new"
    assert users.verify_password(users.by_email(user.email).password_hash, "7876w752x7l574k6")


def test_the_first_sign_in_after_a_reset_refuses_a_weak_password(
    client: FlaskClient, browser: Browser
):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    made = users.reset_password(officer, create_user(Role.ADMIN, "admin@example.org"))
    browser.get("/sign-in")
    page = browser.post(data={"email": officer.email, "password": made.password})
    assert page.url == "/account/password"
    page = browser.post(
        data={
            "current_password": made.password,
            "new_password": "demoshirepolice1",
            "confirm_password": "demoshirepolice1",
        }
    )
    assert page.status == 400
    assert page.error_summary() == [password_strength.TOO_LIKE_YOUR_DETAILS]
    assert users.by_email(officer.email).must_change_password


def test_users_create_refuses_a_common_password_in_one_line(runner):
    result = runner.invoke(
        args=["users", "create", "chief@example.org", "--role", "admin", "--password-stdin"],
        input="password12345678\n",
    )
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {password_strength.TOO_LIKE_A_COMMON_ONE}"
    assert users.by_email("chief@example.org") is None

    built_on_email = runner.invoke(
        args=["users", "create", "chief@example.org", "--role", "admin", "--password-stdin"],
        input="chief@example.org2026\n",
    )
    assert built_on_email.exit_code == 1
    assert password_strength.TOO_LIKE_YOUR_DETAILS in built_on_email.output
