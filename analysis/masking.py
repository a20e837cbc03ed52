"""Masking personal details in free text before it is shown as a quote.

Respondents are asked not to include names or other identifying details, but some will. The
results pages pass every quote through :func:`mask_personal_details`. It is deliberately
eager: a street name masked by mistake costs little; a name left in costs a lot.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDERS", "mask_personal_details"]

#: The placeholder written in place of each kind of detail.
PLACEHOLDERS: dict[str, str] = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "postcode": "[postcode removed]",
    "address": "[address removed]",
    "name": "[name removed]",
    "number": "[number removed]",
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: +44 / 0044 / 0, then 9 or 10 more digits with spaces, dashes or brackets between.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0|0)(?:\d[\s\-)]{0,2}){8,9}\d(?!\d)"
)
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d(?!(?:st|nd|rd|th)\b)[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_STREET_WORDS = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Place|Pl|Court|"
    r"Ct|Gardens|Gdns|Grove|Terrace|Hill|Square|Sq|Row|Walk|Mews|Parade|Estate|Gate|Green|Rise"
)
_CAPITALISED = r"[A-Z][\w'\-]+"
# "12 Acacia Avenue", "Flat 3, 45 Brixton Road", "on Coldharbour Lane": capitalised names.
_ADDRESS_NAMED = re.compile(
    rf"(?:\b(?:[Ff]lat|[Aa]partment|[Uu]nit)\s+\d+[A-Za-z]?,?\s+)?(?:\b\d{{1,4}}[A-Za-z]?,?\s+)?"
    rf"\b(?:{_CAPITALISED}\s+){{1,3}}(?:{_STREET_WORDS})\b\.?"
)
# "12 acacia road": a house number makes lower-case street names safe to catch.
_ADDRESS_NUMBERED = re.compile(
    r"(?:\b(?:flat|apartment|unit)\s+\d+[a-z]?,?\s+)?\b\d{1,4}[a-z]?,?\s+(?:[a-z][\w'\-]+\s+){1,3}(?:street|road|avenue|lane|crescent|terrace|"
    r"gardens|mews|close|drive|grove)\b",
    re.IGNORECASE,
)
_NOT_NAMES = (
    r"(?!(?:The|He|She|They|It|I|We|You|Was|Were|Who|That|This|And|But|Then|Said|Told|Asked|"
    r"Did|Had|Has|Is|Are|On|In|At|Of|Stopped|Searched|Came|Went|Gave|Made|Kept|Just|Also|Very)\b)"
)
_NAME = rf"{_NOT_NAMES}[A-Z][a-zA-Z'\-]+(?:\s+{_NOT_NAMES}[A-Z][a-zA-Z'\-]+)?"
_RANKS_SHORT = r"PCSO|WPC|PC|DCI|DC|DS|DI|Sgt|Insp|Supt|Ch\s?Insp"
_RANKS_LONG = (
    r"[Oo]fficer|[Cc]onstable|[Ss]ergeant|[Ii]nspector|[Dd]etective|[Ss]uperintendent|[Ss]pecial"
)
_RANK_NUMBER = re.compile(
    rf"\b((?:{_RANKS_SHORT}|{_RANKS_LONG}|[Cc]ollar|[Ss]houlder|[Bb]adge|[Ww]arrant)"
    rf"\.?(?:\s+(?:[Nn]umber|[Nn]o\.?|#))?(?:\s+(?:is|was|:))?)\s*#?\d{{2,6}}\b"
)
_RANK_NAME = re.compile(rf"\b((?:{_RANKS_SHORT}|{_RANKS_LONG})\.?\s+){_NAME}")
_SELF_NAME = re.compile(
    r"\b((?i:(?:my|his|her|their|the officer's|officer's)\s+name\s+(?:is|was)|name's|"
    r"i\s+am\s+called|i'm\s+called|called\s+himself|called\s+herself))\s+"
    rf"(?:{_NAME}|(?!(?:not|a|an|the|very|really|so|on|in|at|unknown)\b)[a-z][a-z'\-]+)"
)


def mask_personal_details(text: str) -> str:
    """Replace names, phone numbers, emails, postcodes and addresses with placeholders.

    Catches emails; UK phone numbers (``07700 900123``, ``+44 (0)20 7946 0958``,
    ``(0161) 496 0000``); postcodes in any case (``SW1A 1AA``, ``m1 1ae``); street addresses
    ("12 Acacia Avenue", "Flat 3, 45 Brixton Road", "on Coldharbour Lane"); a name after
    "my name is", "PC", "Sgt", "officer" and similar; and collar or shoulder numbers
    ("PC 1234"). Everything else is left as written.

    Parameters
    ----------
    text : str
        A free-text answer.

    Returns
    -------
    str
        The text with each detail replaced by its placeholder from :data:`PLACEHOLDERS`.
    """
    if not text:
        return text
    text = _EMAIL.sub(PLACEHOLDERS["email"], text)
    text = _PHONE.sub(PLACEHOLDERS["phone"], text)
    text = _POSTCODE.sub(PLACEHOLDERS["postcode"], text)
    text = _ADDRESS_NAMED.sub(PLACEHOLDERS["address"], text)
    text = _ADDRESS_NUMBERED.sub(PLACEHOLDERS["address"], text)
    text = _RANK_NUMBER.sub(lambda m: f"{m.group(1)} {PLACEHOLDERS['number']}", text)
    text = _RANK_NAME.sub(lambda m: f"{m.group(1)}{PLACEHOLDERS['name']}", text)
    return _SELF_NAME.sub(lambda m: f"{m.group(1)} {PLACEHOLDERS['name']}", text)
