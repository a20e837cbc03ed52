"""Rule 3 checked by linear programming: for tables of answers by group, random but seeded, no
count of 1 to k-1 that a distribution hides can be worked out exactly from what it shows (each
shown group's number who answered and its answers shown, all respondents' number and answers
shown, and that the groups add up to all respondents).

For each hidden count, the smallest and largest values consistent with everything shown are
found; where they meet, the count is given back."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import linprog

from app.services.results_answer_cells import hide_answers

K = 5


def _table(rng: random.Random, multiple: bool):
    options = [f"o{i}" for i in range(rng.randint(2, 5))]
    groups = {}
    for g in range(rng.randint(1, 4) + rng.randint(0, 2)):
        n = rng.choice([K, K + 1, K + 3, 2 * K, 4 * K])
        if multiple:
            counts = {o: rng.choice([0, 0, 1, 2, K, n]) if n else 0 for o in options}
            counts = {o: min(c, n) for o, c in counts.items()}
        else:
            counts = dict.fromkeys(options, 0)
            for _ in range(n):
                counts[rng.choice(options[: rng.randint(1, len(options))])] += 1
        groups[f"g{g}"] = (n, counts)
    hidden = [name for name in groups if rng.random() < 0.3]
    return options, groups, hidden


def _pinned_small(options, groups, hidden, multiple: bool) -> list[tuple]:
    shown = {g: c for g, (n, c) in groups.items() if g not in hidden}
    total = {o: sum(c[o] for _, c in groups.values()) for o in options}
    by_group, in_total = hide_answers(
        shown, [groups[g][1] for g in hidden], total, K, multiple=multiple
    )
    # The unknowns: hidden cells of shown groups, the hidden groups' counts together, and
    # all respondents' hidden counts.
    unknown = [("cell", g, o) for g in shown for o in by_group[g]]
    unknown += [("beyond", o) for o in options] if hidden else []
    unknown += [("all", o) for o in in_total]
    at = {u: i for i, u in enumerate(unknown)}
    n_all = sum(n for n, _ in groups.values())
    n_beyond = sum(groups[g][0] for g in hidden)
    truth = {u: (groups[u[1]][1][u[2]] if u[0] == "cell" else 0) for u in unknown}
    for o in options:
        if hidden:
            truth[("beyond", o)] = sum(groups[g][1][o] for g in hidden)
        if ("all", o) in at:
            truth[("all", o)] = total[o]
    equations, values = [], []

    def equation(terms: dict, value: float) -> None:
        row = np.zeros(len(unknown))
        for u, sign in terms.items():
            row[at[u]] = sign
        equations.append(row)
        values.append(value)

    for o in options:  # all respondents = the groups shown + the hidden groups
        terms = {("cell", g, o): 1 for g in shown if ("cell", g, o) in at}
        if hidden:
            terms[("beyond", o)] = 1
        known = sum(shown[g][o] for g in shown if ("cell", g, o) not in at)
        if ("all", o) in at:
            terms[("all", o)] = -1
            equation(terms, -known)
        else:
            equation(terms, total[o] - known)
    if not multiple:
        for g in shown:
            terms = {("cell", g, o): 1 for o in by_group[g]}
            if terms:
                seen = sum(shown[g][o] for o in options if o not in by_group[g])
                equation(terms, groups[g][0] - seen)
        if hidden:
            equation({("beyond", o): 1 for o in options}, n_beyond)
        if in_total:
            equation(
                {("all", o): 1 for o in in_total},
                n_all - sum(total[o] for o in options if o not in in_total),
            )
    bounds = []
    for u in unknown:
        top = groups[u[1]][0] if u[0] == "cell" else n_beyond if u[0] == "beyond" else n_all
        bounds.append((0, top))
    given_back = []
    for u in unknown:
        if not 0 < truth[u] < K:
            continue
        goal = np.zeros(len(unknown))
        goal[at[u]] = 1
        low = linprog(goal, A_eq=np.array(equations), b_eq=values, bounds=bounds).fun
        high = -linprog(-goal, A_eq=np.array(equations), b_eq=values, bounds=bounds).fun
        if high - low < 0.5:
            given_back.append((u, truth[u], low, high))
    return given_back


@pytest.mark.parametrize("multiple", [False, True], ids=["one answer", "several answers"])
def test_no_hidden_count_of_1_to_k_minus_1_can_be_worked_out(multiple):
    rng = random.Random(20261130 + multiple)
    for _ in range(150):
        options, groups, hidden = _table(rng, multiple)
        assert _pinned_small(options, groups, hidden, multiple) == [], (options, groups, hidden)
