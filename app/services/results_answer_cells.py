"""Rule 3 of :mod:`app.services.results_disclosure`: the answers within a shown group.

A table of the share of each group choosing each answer (a question with no favourable half)
has a cell for each group and answer, and the people of a group who chose an answer are a group
too: "mental wellbeing", chosen by 2 of 19 Asian staff, is health data about two people whom
their colleagues could name. So, in each row shown (a group, or all respondents):

- an answer chosen by 1 to k-1 people of the row is hidden; where one answer is chosen, the row's
  number who answered less the answers shown would give a lone hidden one back, so the row's
  hidden answers must hold none or at least k between them, hiding the next-smallest answers
  shown until they do (Rule 1 on the row's answers). Several answers allowed, there is no such
  sum, and only those below k go;
- the all-respondents row's figure for an answer is the sum of the groups' figures and of the
  hidden groups' together, so it is hidden wherever a group's figure for that answer is hidden,
  or the hidden groups together have 1 to k-1 choosing it; and, one answer chosen, its hidden
  answers hold none or at least k, as do the hidden groups' answers it hides, so that neither
  the total nor the hidden groups' number who answered gives one back.

Zero stays shown: nobody in the row chose the answer, and no person is behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.disclosure import suppress

#: A shown group's answer, chosen by 1 to k-1 of the group or hidden with answers that were.
ANSWER_FEW = "answer_few"
#: All respondents' answer, hidden where it would give a group's hidden answer back.
ANSWER_FEW_TOTAL = "answer_few_total"
EXPLANATIONS = {
    ANSWER_FEW: "fewer than {k} in this group chose this answer, or it is hidden with answers "
    "that were, so that it cannot be worked out from the number who answered",
    ANSWER_FEW_TOTAL: "fewer than {k} in some group, or in the groups hidden here, chose this "
    "answer, or it is hidden with answers that were, so that all respondents' figure cannot "
    "give them back",
}

Counts = Mapping[str, int]


def explain_answer(reason: str, k: int) -> str:
    """The words for a hidden answer, said after "hidden:" as for any hidden figure."""
    return EXPLANATIONS[str(reason)].format(k=k)


def _rule_one(counts: Counts, k: int, hidden: set[str], *, summed: bool) -> set[str]:
    """The answers of one row to hide: those below k (none of them zero), and, when the row's
    answers add up to a shown number (``summed``), the next-smallest until the hidden ones hold
    none or at least k. ``hidden`` answers are hidden from the start."""
    already = sum(counts.get(code, 0) for code in hidden)
    rows = [(code, n) for code, n in counts.items() if n > 0 and code not in hidden]
    if summed and already:
        rows = [("\x00hidden", already), *rows]
    decided = suppress(rows, k, total_shown=summed)
    return set(hidden) | {code for code in decided.suppressed if code != "\x00hidden"}


def hide_answers(
    shown: Mapping[str, Counts],
    hidden_groups: Sequence[Counts],
    total: Counts | None,
    k: int,
    *,
    multiple: bool,
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The answers hidden in each shown group's row (group -> answer -> reason) and in the
    all-respondents row (answer -> reason; ``total`` is None when that row is not shown).

    ``shown`` holds each shown group's count choosing each answer, ``hidden_groups`` those of
    the groups hidden in the table, whose rows show nothing but are in the total."""
    rows = {
        group: _rule_one(counts, k, set(), summed=not multiple) for group, counts in shown.items()
    }
    by_group = {group: dict.fromkeys(sorted(codes), ANSWER_FEW) for group, codes in rows.items()}
    if total is None:
        return by_group, {}
    beyond: dict[str, int] = {}  # the hidden groups together, per answer
    for counts in hidden_groups:
        for code, n in counts.items():
            beyond[code] = beyond.get(code, 0) + n
    in_total = {
        code
        for code in total
        if any(code in codes for codes in rows.values()) or 0 < beyond.get(code, 0) < k
    }
    while True:
        grown = _rule_one(total, k, in_total, summed=not multiple)
        if not multiple and hidden_groups:
            # The hidden groups' number who answered is the total's less the groups shown, so
            # their answers that the total hides must hold none or at least k as well.
            hidden_beyond = {c for c in grown if beyond.get(c, 0) > 0}
            if 0 < sum(beyond[c] for c in hidden_beyond) < k:
                more = _rule_one(beyond, k, hidden_beyond, summed=True) - hidden_beyond
                grown |= more or {c for c in total if total[c] > 0}
        if grown == in_total:
            break
        in_total = grown
    return by_group, dict.fromkeys(sorted(in_total), ANSWER_FEW_TOTAL)
