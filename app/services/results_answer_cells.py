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
- all respondents' row is decided from its own counts alone, by the same rule: it is the same
  row in a view by ethnic group, by sex or by role (and on the overview, whose most given
  reasons leave out those it hides), and an answer hidden there in one grouping but shown in
  another would give back, less the groups shown in the first, what they hid;
- all respondents' figure for an answer less the groups shown is what the answer's hidden
  cells hold together, with the hidden groups'. Where that would give a group's lone hidden
  cell back, or 1 to k-1, the next-smallest figure for the answer of a group is hidden too: of
  a group that already hides some answers first; else, one answer chosen, of a group that
  hides none, with that group's next-smallest answer, so that no row has a lone hidden cell.
  All respondents' figure is never hidden as cover. Where it is hidden for its own sake and
  no hidden group is in the table, some group's figure for the answer is hidden too, or the
  groups' figures would add up to it.

What the table then shows is checked (:meth:`_Table.safe`): the hidden counts are unknowns in
the equations of their rows and columns, and none of 1 to k-1 may be given back by them, nor a
line's unknowns hold 1 to k-1 between them. If the check fails, every shown group's figure is
hidden for each answer that any row hides; failing that, every group's figure, and at worst
its zeros too, which leaves all respondents' row, safe by its own rule, and the groups' sizes.
``tests/app/test_results_answer_cells_audit.py`` checks by linear programming that no hidden
count of 1 to k-1 can be worked out from what is shown, and
``tests/app/test_results_all_respondents_answers.py`` that all respondents' hidden answers
depend on their counts alone.

Zero stays shown (but in that last resort): nobody in the row chose the answer, and no person
is behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.disclosure import suppress
from app.services.results_reasons import explain

#: A shown group's answer, chosen by 1 to k-1 of the group or hidden with answers that were,
#: or as cover for another group's (its words: :data:`app.services.results_reasons.EXPLANATIONS`).
ANSWER_FEW = "answer_few"
#: All respondents' answer, chosen by 1 to k-1 of them or hidden with answers that were.
ANSWER_FEW_TOTAL = "answer_few_total"

Counts = Mapping[str, int]


def explain_answer(reason: str, k: int) -> str:
    """The words for a hidden answer, said after "hidden:" as for any hidden figure."""
    return explain(reason, k)


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


def hide_total(total: Counts, k: int, *, multiple: bool) -> set[str]:
    """All respondents' answers to hide, from all respondents' counts alone (Rule 1 on the
    row's answers), so that they are the same whatever the grouping of the view, and on the
    overview: those below k, and (one answer chosen) the next-smallest until the hidden ones
    hold none or at least k."""
    return _rule_one(total, k, set(), summed=not multiple)


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
    if total is None:
        return {g: dict.fromkeys(sorted(codes), ANSWER_FEW) for g, codes in rows.items()}, {}
    in_total = hide_total(total, k, multiple=multiple)
    beyond: dict[str, int] = {}  # the hidden groups together, per answer
    for counts in hidden_groups:
        for code, n in counts.items():
            beyond[code] = beyond.get(code, 0) + n
    table = _Table(shown, beyond, total, bool(hidden_groups), k, multiple)
    # All respondents' row is decided alone; cover for a column comes only from the groups'
    # cells: first the next-smallest figures needed, then every shown group's figure for the
    # answers with any hidden, then every figure of every group (zeros too, at worst), each
    # checked before it is used.
    for rows_now in (
        table.covered(rows, in_total),
        table.columns(rows, in_total),
        table.every_group(zeros=False),
    ):
        if rows_now is not None and table.safe(rows_now, in_total):
            break
    else:
        rows_now = table.every_group(zeros=True)
    by_group = {g: dict.fromkeys(sorted(codes), ANSWER_FEW) for g, codes in rows_now.items()}
    return by_group, dict.fromkeys(sorted(in_total), ANSWER_FEW_TOTAL)


class _Table:
    """One distribution's counts, and what can be worked out from what it shows."""

    def __init__(self, shown, beyond, total, hidden_groups: bool, k: int, multiple: bool):
        self.shown, self.beyond, self.total = shown, beyond, total
        self.hidden_groups, self.k, self.multiple = hidden_groups, k, multiple

    def covered(
        self, rows: Mapping[str, set[str]], in_total: set[str]
    ) -> dict[str, set[str]] | None:
        """The rows with the groups' next-smallest figures hidden in each column that would
        otherwise give a hidden count back; None when a column has no group to cover it."""
        grown = {group: set(codes) for group, codes in rows.items()}
        for _ in range(len(self.total) * (len(grown) + 1) + 1):
            code = next((c for c in self.total if self._exposed(grown, in_total, c)), None)
            if code is None:
                return grown
            if not self._cover(grown, code):
                return None
        return None

    def _cover(self, grown: dict[str, set[str]], code: str) -> bool:
        """Hide the smallest figure for ``code`` of a group that can give it, preferring a row
        that already hides some; one answer chosen, a row that hid none hides its next-smallest
        answer with it, so that its number who answered does not give a lone cell back."""
        candidates = [
            (not (self.multiple or codes), self.shown[g][code], g)
            for g, codes in grown.items()
            if code not in codes and self.shown[g][code] > 0
        ]
        for fresh, _, group in sorted(candidates):
            if not fresh:
                grown[group].add(code)
                return True
            partner = self._next_smallest(grown[group] | {code}, group)
            if partner is not None:
                grown[group] |= {code, partner}
                return True
        return False

    def _next_smallest(self, hidden: set[str], group: str) -> str | None:
        rest = [(n, c) for c, n in self.shown[group].items() if n > 0 and c not in hidden]
        return min(rest)[1] if rest else None

    def _exposed(self, rows: Mapping[str, set[str]], in_total: set[str], code: str) -> bool:
        """Whether all respondents' figure for ``code`` less the groups shown would give a
        group's single hidden count back, or 1 to k-1 between them; or, all respondents'
        figure hidden, whether the groups' shown figures would give it back."""
        cells = [self.shown[g][code] for g, codes in rows.items() if code in codes]
        if code in in_total:
            return self.total[code] > 0 and not cells and not self.hidden_groups
        unknown = len(cells) + (1 if self.hidden_groups else 0)
        held = sum(cells) + self.beyond.get(code, 0)
        # A lone hidden-groups' count of k or more may be given back (the audit checks what
        # that leaves of their number); a lone group's cell may not: its row would follow.
        return 0 < held < self.k or (unknown < 2 and bool(cells))

    def columns(self, rows: Mapping[str, set[str]], in_total: set[str]) -> dict[str, set[str]]:
        """Every shown group's figure hidden for each answer that any row hides, or that the
        hidden groups hold 1 to k-1 of; one answer chosen, a row left with a single hidden
        figure hides its next-smallest too."""
        codes = {
            code
            for code in self.total
            if code in in_total
            or any(code in hidden for hidden in rows.values())
            or 0 < self.beyond.get(code, 0) < self.k
        }
        grown = {
            group: set(hidden) | {c for c in codes if self.shown[group][c] > 0}
            for group, hidden in rows.items()
        }
        if not self.multiple:
            for group, hidden in grown.items():
                if len(hidden) == 1 and (partner := self._next_smallest(hidden, group)):
                    hidden.add(partner)
        return grown

    def every_group(self, *, zeros: bool) -> dict[str, set[str]]:
        """Every figure of every shown group hidden (those of zero too, when ``zeros``): what
        is left is all respondents' row, safe by its own rule, and the groups' numbers."""
        return {
            group: {code for code, n in counts.items() if zeros or n > 0}
            for group, counts in self.shown.items()
        }

    def safe(self, rows: Mapping[str, set[str]], in_total: set[str]) -> bool:
        """Whether, with these answers hidden, no hidden count of 1 to k-1 can be worked out,
        nor a sum of 1 to k-1 of the hidden counts in one row or column.

        The hidden counts are unknowns, each in the equations of its row (the number who
        answered, one answer chosen) and its column (all respondents' figure is the groups'
        together). Where every line has an equation, an unknown that no cycle of unknowns
        passes through is given back by adding up the lines on one side of it; with several
        answers allowed rows have none, and only a column's single unknown is given back."""
        cells: dict[tuple, tuple[object, object, int]] = {}
        for group, codes in rows.items():
            for code in codes:
                count = self.shown[group][code]
                cells[("cell", group, code)] = (("row", group), ("col", code), count)
        if self.hidden_groups:
            for code in self.total:
                cells[("beyond", code)] = (("row", None), ("col", code), self.beyond.get(code, 0))
        for code in in_total:
            cells[("all", code)] = (("all",), ("col", code), self.total[code])
        free = self.multiple  # rows and all respondents' row have no sum
        known = set()
        for key, cell in cells.items():
            if self._given_back(cells, key, free):
                if 0 < cell[2] < self.k:
                    return False
                known.add(key)
        # What a line's equation gives: the sum of its unknowns not already given back. A
        # column whose all-respondents figure is hidden gives a difference, not a sum.
        sums: dict[object, int] = {}
        for key, (row, column, n) in cells.items():
            if key in known:
                continue
            if not free:
                sums[row] = sums.get(row, 0) + n
            if key[0] != "all":
                sums[column] = sums.get(column, 0) + n
        differences = {column for key, (_, column, _) in cells.items() if key[0] == "all"}
        return not any(0 < n < self.k for line, n in sums.items() if line not in differences)

    @staticmethod
    def _given_back(cells: Mapping[tuple, tuple[object, object, int]], key, free: bool) -> bool:
        """Whether the unknown ``key`` is worked out from the lines' equations."""
        one, other, _ = cells[key]
        links: dict[object, set[object]] = {}
        for name, (a, b, _) in cells.items():
            if name != key:
                links.setdefault(a, set()).add(b)
                links.setdefault(b, set()).add(a)
        seen, todo = {other}, [other]
        while todo:
            for nxt in links.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if one in seen:
            return False  # on a cycle: it can move around it, the others with it
        if not free:
            return True
        # Several answers allowed: only columns have equations, so the column's side must
        # hold no row (a row's unknowns can take up any change).
        return not any(node[0] != "col" for node in seen)
