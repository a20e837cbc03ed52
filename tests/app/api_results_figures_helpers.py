"""Reading the results API's document and the CSV export of the same view as figures keyed
alike, so that ``test_api_results_figures`` can check that each gives what the other does."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask.testing import FlaskClient

from app.results.forms import query_for
from app.services.results_model import Filters


def page_query(doc: dict[str, Any]) -> str:
    """The results page's query for the view an API document gives (the page names its
    filters differently: start=4&start=2026 for from=2026-04, compare= for reference=)."""
    applied = doc["filters"]
    return "?" + query_for(
        Filters(
            dimension=doc["by"],
            start=applied["from"],
            end=applied["to"],
            area=applied["area"],
            event=applied["session"],
            reference=doc["reference"]["group"] if doc["reference"] else None,
        )
    )


def export_rows(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    response = client.get("/results/stop-search/export.csv" + query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def kind_of(measure: str, section: str) -> str:
    if section.startswith("Trend: "):
        return "trend"
    if measure.startswith("% favourable"):
        return "favourable"
    return measure


def figure(
    n: Any,
    value: float | None,
    ci: list[float] | None = None,
    *,
    unit: str = "%",
    ratio: float | None = None,
    ratio_ci: list[float] | None = None,
    significant: bool | None = None,
    reason: str | None = None,
    words: str | None = None,
) -> dict[str, Any]:
    return {
        "n": n,
        "value": value,
        "ci": ci,
        "unit": unit,
        "ratio": ratio,
        "ratio_ci": ratio_ci,
        "significant": significant,
        "reason": reason,
        "words": words,
    }


def figures_from_api(doc: dict[str, Any]) -> tuple[dict[tuple, dict[str, Any]], set[str]]:
    """Every figure of the document's shown rows, keyed as the export's rows are (section,
    measure, item, group code), and the codes of the suppressed groups."""
    figures: dict[tuple, dict[str, Any]] = {}
    suppressed = {g["group"] for g in doc["groups"] if g["suppressed"]}
    rows = [g for g in doc["groups"] if not g["suppressed"]] + [doc["total"]]
    details = {d["key"]: d for d in doc["question_details"]}
    for g in doc["groups"]:
        if not g["suppressed"]:
            share = g["share_of_respondents"]
            reason = doc["total"]["suppressed_reason"] if share is None else None
            figures[("Respondents", "% of respondents", "", g["group"])] = figure(
                g["n"], share, reason=reason
            )
    total = doc["total"]
    figures[("Respondents", "Respondents", "", "all")] = figure(
        total["n"], None, unit="", reason=total["suppressed_reason"]
    )
    for row in rows:
        code = row["group"]
        for key, q in row["questions"].items():
            detail = details[key]
            if q["answered"] is None and q["hidden_reason"] is None:
                continue  # nobody in the row answered: no row in the export either
            if q["answered"] is not None:
                assert q["favourable"] == round(q["positive_share"] * q["answered"])
            if q["p_adjusted"] is not None:
                assert q["significant"] == (q["p_adjusted"] < 0.05)
                assert q["direction"] == (
                    None if not q["significant"] else "higher" if q["ratio"] > 1 else "lower"
                )
            figures[(detail["text"], "favourable", " or ".join(detail["favourable"]), code)] = (
                figure(
                    q["answered"],
                    q["positive_share"],
                    q["ci"],
                    ratio=q["ratio"],
                    ratio_ci=q["ratio_ci"],
                    significant=q["significant"],
                    reason=q["hidden_reason"],
                    words=q["difference"],
                )
            )
        for key, d in row["distributions"].items():
            if d["answered"] is None and d["hidden_reason"] is None:
                continue
            for option in details[key]["options"]:
                share = d["shares"][option["code"]] if d["shares"] is not None else None
                # An answer chosen by too few of a shown row: null, with its own reason.
                why = d["hidden_reason"] or d["hidden_answers"].get(option["code"])
                figures[(details[key]["text"], "% choosing", option["label"], code)] = figure(
                    d["answered"], share, reason=why
                )
        s = row["sentiment"]
        if s["respondents"] is not None or s["hidden_reason"] is not None:
            section = "Sentiment of free text"
            figures[(section, "Mean sentiment (-1 to 1)", "", code)] = figure(
                s["respondents"], s["mean"], s["ci"], unit="score", reason=s["hidden_reason"]
            )
            figures[(section, "% of answers negative", "", code)] = figure(
                s["respondents"], s["negative_share"], s["negative_ci"], reason=s["hidden_reason"]
            )
        t = row["theme_figures"]
        if t["answers_analysed"] is not None or t["hidden_reason"] is not None:
            for name in doc["theme_names"]:
                cell = t["themes"].get(name, {})
                if cell:
                    assert cell["count"] == round(cell["share"] * t["answers_analysed"])
                figures[
                    ("Themes of free text", "% of written answers raising the theme", name, code)
                ] = figure(
                    t["answers_analysed"],
                    cell.get("share"),
                    cell.get("ci"),
                    ratio=cell.get("ratio"),
                    ratio_ci=cell.get("ratio_ci"),
                    significant=cell.get("significant"),
                    reason=t["hidden_reason"],
                )
    trend = doc["trend"]
    if trend is not None:
        section = f"Trend: {trend['text']}"
        labels = [p["label"] for p in trend["periods"]]
        for series in [trend["total"], *trend["groups"]]:
            for label, p in zip(labels, series["points"], strict=True):
                figures[(section, "trend", label, series["group"])] = figure(
                    p["answered"], p["positive_share"], p["ci"], reason=p["hidden_reason"]
                )
        for line in trend["without_line"]:
            figures[(section, "trend", f"Every {trend['unit']}", line["group"])] = figure(
                None, None, reason=line["hidden_reason"]
            )
    return figures, suppressed


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def close(api: float | None, exported: str, scale: float, places: int) -> bool:
    """The API's figure (4 decimal places) and the export's (``places`` after scaling)."""
    if api is None:
        return exported == ""
    return abs(api * scale - float(exported)) <= 0.5 * 10**-places + 1e-9


def check_row(row: dict[str, str], figure: dict[str, Any]) -> None:
    where = (row["Section"], row["Item"], row["Group code"])
    if figure["reason"] is not None and figure["n"] is None:
        # Hidden: "[c]" in the export, null in the API, and the same reason.
        assert row["Value"] == "[c]" or row["n"] == "[c]", where
        assert row["Note"] == figure["reason"], where
        return
    assert row["n"] == ("" if figure["n"] is None else str(figure["n"])), where
    if figure["value"] is None and figure["reason"] is not None:
        # A share of a hidden total: hidden for the total's reason.
        assert (row["Value"], row["Note"]) == ("[c]", figure["reason"]), where
        return
    scale, places = (100, 1) if figure["unit"] == "%" else (1, 3)
    assert close(figure["value"], row["Value"], scale, places), (where, figure, row)
    low, high = figure["ci"] or (None, None)
    assert close(low, row["95% interval low"], scale, places), where
    assert close(high, row["95% interval high"], scale, places), where
    assert close(figure["ratio"], row["Ratio to reference"], 1, 3), where
    ratio_low, ratio_high = figure["ratio_ci"] or (None, None)
    assert close(ratio_low, row["Ratio 95% interval low"], 1, 3), where
    assert close(ratio_high, row["Ratio 95% interval high"], 1, 3), where
    significant = {None: "", True: "yes", False: "no"}[figure["significant"]]
    assert row["Significant difference"] == significant, where
    if row["Note"]:  # "Lower on its own; not clear once all … (ratio's 95% interval …)"
        assert figure["words"] and row["Note"].startswith(figure["words"]), where
