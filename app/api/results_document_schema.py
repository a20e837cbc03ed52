"""The OpenAPI schemas of the results document's figures beyond those DESIGN.md fixes: what
the results page and its exports give (counts, ratios to the reference group, adjusted
p-values, "what stands out", distributions, theme figures and the all-respondents row), each
null where the page hides it, with the page's reason beside it. How many were asked each
question shown only after some answers is in results_asked_schema.py, the trend in
results_trend_schema.py."""

from __future__ import annotations

from typing import Any

INTERVAL: dict[str, Any] = {
    "type": ["array", "null"],
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "description": "95% interval [low, high]; null when hidden",
}
HIDDEN_REASON: dict[str, Any] = {
    "type": ["string", "null"],
    "description": "Why the figure is hidden, in the words the results page and its exports "
    "use; null when it is shown, or is null only because nobody in the group answered",
}
COUNT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0}
SHARE: dict[str, Any] = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
DIRECTION: dict[str, Any] = {
    "type": ["string", "null"],
    "enum": ["higher", "lower", None],
    "description": "Whether a significant difference is higher or lower than the reference "
    "group; null when not significant, not compared or hidden",
}
RATIO: dict[str, Any] = {
    "type": ["number", "null"],
    "minimum": 0,
    "description": "The group's share divided by the reference group's (the results page's "
    "Ratio column); null for the reference group itself, for the all-respondents row, when "
    "no group is compared, or when hidden",
}
SIGNIFICANT: dict[str, Any] = {
    "type": ["boolean", "null"],
    "description": "Whether the difference from the reference group holds once every "
    "comparison is allowed for (Holm's method, 5% level); null when not compared",
}

QUESTION_FIGURES: dict[str, Any] = {
    "positive_share": {
        **SHARE,
        "description": "The share answering favourably (the results page's Favourable)",
    },
    "ci": {**INTERVAL, "description": "95% Wilson interval of positive_share; null when hidden"},
    "hidden_reason": HIDDEN_REASON,
    "answered": {**COUNT, "description": "How many answered (the page's Answered)"},
    "favourable": {**COUNT, "description": "How many of them answered favourably"},
    "ratio": RATIO,
    "ratio_ci": {
        **INTERVAL,
        "description": "95% interval of the ratio, for this comparison on its own (before "
        "the correction for all the comparisons), as the page gives it beside the ratio",
    },
    "p_adjusted": {
        "type": ["number", "null"],
        "minimum": 0,
        "maximum": 1,
        "description": "The test's p-value after Holm's correction for all `comparisons` of "
        "the view, to 4 significant figures; null when not compared",
    },
    "significant": SIGNIFICANT,
    "direction": DIRECTION,
    "difference": {
        "type": ["string", "null"],
        "description": "The page's Difference column in words: Higher, Lower, No clear "
        "difference, or that the interval leaves out 1 but the difference does not hold once "
        "all the comparisons are allowed for; null when not compared",
        "examples": ["Lower on its own; not clear once all 12 comparisons are allowed for"],
    },
    "finding": {
        "type": ["string", "null"],
        "description": "The sentence the page gives for a significant difference (one of "
        "`findings`); null when there is none",
    },
}

SENTIMENT_FIGURES: dict[str, Any] = {
    "mean": {
        "type": ["number", "null"],
        "minimum": -1,
        "maximum": 1,
        "description": "Mean sentiment of the written answers, from -1 to 1; null when hidden, "
        "or when none of them has been analysed yet (the page's Not analysed yet)",
    },
    "ci": {**INTERVAL, "description": "95% t interval of the mean; null when hidden"},
    "hidden_reason": HIDDEN_REASON,
    "respondents": {
        **COUNT,
        "description": "Respondents who wrote anything (the page's Respondents who wrote)",
    },
    "negative_share": {
        **SHARE,
        "description": "Share of written answers scoring -0.05 or below (the page's Negative "
        "answers); null when hidden or not analysed yet",
    },
    "negative_ci": {**INTERVAL, "description": "95% Wilson interval of negative_share"},
}

THEME_FIGURES: dict[str, Any] = {
    "type": ["object", "null"],
    "description": "The themes table's figures for this row; null when the group is suppressed",
    "required": ["answers_analysed", "hidden_reason", "themes"],
    "properties": {
        "answers_analysed": {
            **COUNT,
            "description": "Written answers analysed for themes (the page's Answers analysed)",
        },
        "hidden_reason": HIDDEN_REASON,
        "themes": {
            "type": "object",
            "description": "Theme -> its figures; empty when the row is hidden or has no "
            "analysed answers",
            "additionalProperties": {
                "type": "object",
                "required": [
                    "count",
                    "share",
                    "ci",
                    "ratio",
                    "ratio_ci",
                    "p_adjusted",
                    "significant",
                    "direction",
                ],
                "properties": {
                    "count": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Written answers raising the theme",
                    },
                    "share": {**SHARE, "description": "Share of answers analysed raising it"},
                    "ci": {**INTERVAL, "description": "95% Wilson interval of share"},
                    "ratio": {
                        **RATIO,
                        "description": "share divided by the reference group's; null when "
                        "not compared",
                    },
                    "ratio_ci": {
                        **INTERVAL,
                        "description": "95% interval of the ratio, for this comparison on its "
                        "own; null when not compared",
                    },
                    "p_adjusted": {
                        "type": ["number", "null"],
                        "minimum": 0,
                        "maximum": 1,
                        "description": "The test's p-value after Holm's correction for every "
                        "comparison in the table of themes, to 4 significant figures; null when "
                        "not compared",
                    },
                    "significant": {
                        **SIGNIFICANT,
                        "description": "Whether the difference from the reference group holds "
                        "once every comparison in the table of themes is allowed for (Holm's "
                        "method, 5% level: the page's ▲ and ▼); null when not compared",
                    },
                    "direction": DIRECTION,
                },
            },
        },
    },
}

DISTRIBUTIONS: dict[str, Any] = {
    "type": "object",
    "description": "Question key -> the share choosing each answer, for each question with no "
    "favourable half (the page's Other questions); empty when suppressed",
    "additionalProperties": {
        "type": "object",
        "required": ["answered", "shares", "hidden_reason", "hidden_answers"],
        "properties": {
            "answered": {**COUNT, "description": "How many answered"},
            "shares": {
                "type": ["object", "null"],
                "description": "Answer code -> share choosing it (several answers allowed: "
                "they can add up to more than 1); null when hidden or nobody answered, and "
                "for an answer hidden in a shown row (`hidden_answers`)",
                "additionalProperties": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            },
            "hidden_reason": HIDDEN_REASON,
            "hidden_answers": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "Answer code -> why its share is null in a shown row, in the "
                "page's words (1 to k-1 of the row chose it, or it is hidden with such)",
            },
        },
    },
}

#: The properties every row (a group, or all respondents) has beyond DESIGN.md's.
ROW_PROPERTIES: dict[str, Any] = {
    "share_of_respondents": {
        **SHARE,
        "description": "The group's share of all respondents in the view (the page's Share); "
        "null when suppressed or when the view's total is hidden (`total.suppressed_reason` "
        "says why)",
    },
    "theme_figures": THEME_FIGURES,
    "distributions": DISTRIBUTIONS,
}
ROW_REQUIRED = ["share_of_respondents", "theme_figures", "distributions"]

QUESTION_DETAIL: dict[str, Any] = {
    "type": "object",
    "required": ["key", "text", "kind", "favourable", "options", "multiple", "note"],
    "properties": {
        "key": {"type": "string"},
        "text": {"type": "string", "description": "The question, in English"},
        "kind": {
            "type": "string",
            "enum": ["favourable", "distribution", "grouping"],
            "description": "favourable: its figures are under each row's `questions`; "
            "distribution: under `distributions`; grouping: no figures of its own (`note`)",
        },
        "favourable": {
            "type": ["array", "null"],
            "items": {"type": "string"},
            "description": "The answers counted as favourable",
        },
        "options": {
            "type": ["array", "null"],
            "description": "The answers `distributions` gives a share of, in order",
            "items": {
                "type": "object",
                "required": ["code", "label"],
                "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
            },
        },
        "multiple": {"type": "boolean", "description": "Whether several answers may be chosen"},
        "note": {
            "type": ["string", "null"],
            "description": "For a grouping question, where its answers are shown",
        },
    },
}

#: The document's top-level properties beyond DESIGN.md's.
RESULTS_PROPERTIES: dict[str, Any] = {
    "filters": {
        "type": "object",
        "description": "What the figures cover, as the service applied the query",
        "required": ["from", "to", "area", "session", "description"],
        "properties": {
            "from": {
                "type": ["string", "null"],
                "pattern": "^\\d{4}-\\d{2}$",
                "description": "The first month counted; null for no limit",
            },
            "to": {
                "type": ["string", "null"],
                "pattern": "^\\d{4}-\\d{2}$",
                "description": "The last month counted; null for no limit",
            },
            "area": {"type": ["string", "null"]},
            "session": {"type": ["integer", "null"]},
            "description": {
                "type": "string",
                "description": "The filters in the page's words",
                "examples": ["April to June 2026; North District", "All responses"],
            },
        },
    },
    "reference": {
        "type": ["object", "null"],
        "description": "The group each group is compared with; null when none can be (it is "
        "hidden, or nobody in the view is in it)",
        "required": ["group", "label"],
        "properties": {
            "group": {
                "type": "string",
                "description": "A group's code, or all_others for all other groups pooled",
            },
            "label": {"type": "string"},
        },
    },
    "comparisons": {
        "type": "integer",
        "minimum": 0,
        "description": "How many comparisons of groups on questions the Holm correction allows for",
    },
    "findings": {
        "type": "array",
        "items": {"type": "string"},
        "description": "The results page's What stands out: each significant difference from "
        "the reference group as a sentence, largest first",
    },
    "question_details": {
        "type": "array",
        "description": "The questions, in the page's order",
        "items": {"$ref": "#/components/schemas/QuestionDetail"},
    },
    "theme_names": {
        "type": "array",
        "items": {"type": "string"},
        "description": "The themes, in the page's order",
    },
    "total": {"$ref": "#/components/schemas/Total"},
    "trend": {"$ref": "#/components/schemas/Trend"},
    "notes": {
        "type": "array",
        "items": {"type": "string"},
        "description": "What the page says of all the figures, as sentences: when they were "
        "counted (when newer responses are not in them), which months are not counted, and "
        "when a group is hidden for its numbers in a quarter or year not yet over",
    },
}
RESULTS_REQUIRED = list(RESULTS_PROPERTIES)


def schemas(group: dict[str, Any]) -> dict[str, Any]:
    """The schemas the results document refers to besides Group; ``group`` is the Group
    schema, whose shape the all-respondents row shares."""
    total = {
        **group,
        "description": "The page's All respondents row of each table. Its figures are "
        "hidden each for its own reason, as on the page: a table's total can be hidden when "
        "the view's number of respondents is shown, and the other way round",
        "properties": {
            **group["properties"],
            "group": {"type": "string", "const": "all"},
            "n": {
                "type": ["integer", "null"],
                "description": "Respondents in the view; null when hidden",
            },
            "suppressed": {
                "type": "boolean",
                "description": "Whether the view's number of respondents is hidden",
            },
            "sentiment": {
                "type": "object",
                "required": ["mean", "ci", "hidden_reason"],
                "properties": SENTIMENT_FIGURES,
            },
            "theme_figures": {**THEME_FIGURES, "type": "object"},
        },
    }
    return {
        "Total": total,
        "QuestionDetail": QUESTION_DETAIL,
    }
