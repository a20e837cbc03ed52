"""Whether a new password is too easy to guess, judged by zxcvbn.

OWASP ASVS 2.1.7 and the NCSC's password guidance ask services to refuse passwords that are
commonly used or known from breaches, rather than to demand symbols or digits. zxcvbn knows
the commonest passwords (its list is drawn from breaches), English words, names, keyboard
patterns, repeats, runs and dates, and estimates how many guesses a password would take.
"""

from __future__ import annotations

import re
import threading

from flask import current_app

SERVICE_NAME = "Listening Post"

# zxcvbn's score 3 means an estimated 10^8 guesses or more: its authors' "safely unguessable:
# moderate protection from an offline slow-hash scenario". Online, sign-in allows at most 50
# wrong passwords per account an hour from every address together
# (SIGN_IN_ACCOUNT_FAILURE_LIMIT; 5 per 15 minutes from one, SIGN_IN_FAILURE_LIMIT), so 10^8
# guesses would take over 200 years; offline, each guess costs an Argon2id hash of 19 MiB.
# Score 4 (10^10) would also refuse memorable passphrases such as two uncommon words ("horse
# staple" scores 3), while every phrase of three or four unrelated words scores 4 and passes
# either way.
MIN_SCORE = 3

# zxcvbn's time grows quickly with length (a second for 72 characters crowded with l33t
# look-alikes, more than ten for 256), so only the start of a long password is judged. A
# password whose first 64 characters are easy to guess is refused; anything longer that
# starts well is far beyond any guessing attack.
JUDGED_LENGTH = 64

# zxcvbn keeps the current user inputs in a module-level dictionary while it works, so two
# threads judging passwords at once would each see the other's. One at a time, then.
_lock = threading.Lock()

HARDER = "Choose a password that is harder to guess: "
A_FEW_WORDS = "A few unrelated words together work well"
TOO_COMMON = HARDER + "this one is among the most commonly used passwords. " + A_FEW_WORDS
TOO_LIKE_A_COMMON_ONE = HARDER + "this one is too like a commonly used password. " + A_FEW_WORDS
TOO_LIKE_YOUR_DETAILS = (
    HARDER + "do not base it on your email address, on Listening Post or on the name of "
    "your force. " + A_FEW_WORDS
)
TOO_PREDICTABLE = (
    HARDER
    + "avoid keyboard patterns, repeated characters, runs like 1234 and dates. "
    + A_FEW_WORDS
)
TOO_FEW_WORDS = HARDER + "add another word or two. " + A_FEW_WORDS


def personal_words(email: str | None) -> list[str]:
    """What someone guessing a staff member's password would try first: their email address
    and its parts, and the names of the service and the force, whole, run together and word
    by word, with and without the numbers in them. Parts of a letter or two are kept: an
    initial before a surname ("n-Hinton2026") is as much the person's as the surname. That
    such a part turns up by chance in a random password is for :func:`_only_personal_words`
    to see through."""
    names = [SERVICE_NAME, current_app.config.get("FORCE_NAME") or ""]
    if email:
        local, _, domain = email.partition("@")
        names += [email, local, domain, domain.split(".")[0]]
    words = []
    for name in names:
        name = name.strip().lower()
        if not name:
            continue
        parts = [part for part in re.split(r"[\W_]+", name) if part]
        # The name in an address numbered to tell people apart ("cooke43", "janice.goss64").
        names_alone = [part for part in re.split(r"[\W_\d]+", name) if part]
        words += [name, "".join(parts), *parts, "".join(names_alone), *names_alone]
    return list(dict.fromkeys(words))


#: Letters besides the person's details that still leave a password built on them: a letter or
#: three ("officerexample2026x") add fewer guesses than a single common word.
OTHER_LETTERS_ALLOWED = 3


def _only_personal_words(password: str, words: list[str]) -> bool:
    """Whether ``password`` is little more than the person's ``words`` (from
    :func:`personal_words`), as typed, reversed or in l33t. zxcvbn counts each such word as a
    handful of guesses, or as a common surname ("jones"), but two of them and a year
    ("officerexample2026", "Police Demoshire 2026") still come to its 10^8: a password with
    little else in it is only as hard to guess as those details are to know.

    Little else means both: all but a letter or three of its letters are in those words, and
    its other letters and digits, taken together, would be guessed in fewer tries than
    :data:`MIN_SCORE` asks of a whole password ("2026", "abc2026", "123456789"). Digits count
    by what they are, not by their number: in "q30m3t6d19p325", around a chance "m3t" (met,
    in l33t), "q306d19p325" is random, 10^11 guesses to someone who knows the rest. Spaces and
    punctuation count for nothing, as guessers put them between words anyway."""
    from zxcvbn import matching  # as in strength_problem, which alone calls this

    ranked = {"user_inputs": matching.build_ranked_dict(words)}
    personal = {
        i
        for matcher in (
            matching.dictionary_match,
            matching.reverse_dictionary_match,
            matching.l33t_match,
        )
        for match in matcher(password, _ranked_dictionaries=ranked)
        for i in range(match["i"], match["j"] + 1)
    }
    letters = [i for i, character in enumerate(password) if character.isalpha()]
    others = [i for i in letters if i not in personal]
    if len(letters) == len(others) or len(others) > OTHER_LETTERS_ALLOWED:
        return False
    rest = "".join(c for i, c in enumerate(password) if c.isalnum() and i not in personal)
    return not rest or _judged(rest, user_inputs=[])["score"] < MIN_SCORE


def _judged(password: str, user_inputs: list[str]) -> dict:
    """zxcvbn's judgement of ``password``: its score, and the matches behind it."""
    from zxcvbn import zxcvbn  # as in strength_problem

    with _lock:
        return zxcvbn(password, user_inputs=user_inputs)


def strength_problem(password: str, email: str | None = None) -> str | None:
    """Why ``password`` is too easy to guess, or None if it is not.

    ``email`` is the account's address: a password built from it, or from the service's or
    the force's name, is judged as easy to guess, as it would be by someone who knows them.
    """
    # Imported here, not at start-up: its word lists take about 14 MB and a tenth of a second
    # in every web worker, and only staff setting a password need them.
    from zxcvbn import matching

    if password.lower() in matching.RANKED_DICTIONARIES["passwords"]:
        return TOO_COMMON
    judged = password[:JUDGED_LENGTH]
    words = personal_words(email)
    result = _judged(judged, user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return TOO_LIKE_YOUR_DETAILS if _only_personal_words(judged, words) else None
    dictionaries = {match.get("dictionary_name") for match in result["sequence"]}
    patterns = {match["pattern"] for match in result["sequence"]}
    if "user_inputs" in dictionaries:
        return TOO_LIKE_YOUR_DETAILS
    if "passwords" in dictionaries:
        return TOO_LIKE_A_COMMON_ONE
    if patterns & {"spatial", "repeat", "sequence", "date", "regex"}:
        return TOO_PREDICTABLE
    return TOO_FEW_WORDS
