"""Say to Stay, answered by colleagues thinking of leaving, has a trend (of "I feel valued at
work"), and its other questions with a favourable share can be chosen for it. That must tell
nobody more than the results already do: the trend of a question chosen gives, for each
quarter, exactly what that question's answers by group give in the view of that quarter, and a
group hidden there has no line. The role question, one of the survey's groupings, cannot be
chosen: its answers are the groups' sizes, shown only grouped by role.

The survey: White staff, 16 a quarter; Asian staff, 12 in January to March and 3 in April to
June who answered "When I raise concerns, I am listened to" (voice), 12 each quarter who
answered "valued"; 10 a quarter who did not say their ethnic group."""

from __future__ import annotations

from flask.testing import FlaskClient

from models import Scope
from tests.api_token_names import fresh_secret
from tests.results_data import Made, add_responses

SLUG = "say-to-stay"
URL = f"/api/v1/surveys/{SLUG}/results"
QUARTERS = {"2026-Q1": ("2026-01", "2026-03"), "2026-Q2": ("2026-04", "2026-06")}


def _seed() -> None:
    made = []
    for month, asian_voice in (("2026-02", 12), ("2026-05", 3)):
        for i in range(16):
            answers = {"valued": "agree" if i % 2 else "disagree", "voice": "agree"}
            made.append(Made(ethnic_group="white", month=month, answers=answers))
        for i in range(12):
            answers = {"valued": "agree" if i % 3 else "disagree"}
            if i < asian_voice:
                answers["voice"] = "agree" if i % 2 else "strongly_disagree"
            made.append(Made(ethnic_group="asian", month=month, answers=answers))
        # Staff who did not give their ethnic group: the cover Rule 2 hides first.
        for i in range(10):
            answers = {"valued": "agree" if i % 2 else "neither", "voice": "disagree"}
            made.append(Made(ethnic_group="not_stated", month=month, answers=answers))
    add_responses(made, slug=SLUG)


def _get(client: FlaskClient, secret: str, query: str):
    return client.get(URL + query, headers={"Authorization": f"Bearer {secret}"})


def test_say_to_stays_trend_can_follow_its_other_questions_and_never_its_groupings(
    client: FlaskClient,
):
    _seed()
    secret = fresh_secret("Staff survey", [Scope.RESULTS_READ])
    assert _get(client, secret, "").get_json()["trend"]["question"] == "valued"
    for key in ("valued", "voice", "discrimination"):
        assert _get(client, secret, f"?trend={key}").status_code == 200, key
    for key in ("role", "main_reason", "reasons", "stay_factor", "conversation"):
        response = _get(client, secret, f"?by=role&trend={key}")
        assert response.status_code == 422, key
        assert response.get_json()["errors"][0]["field"] == "trend"


def test_a_chosen_questions_trend_gives_only_what_its_answers_by_quarter_give(
    client: FlaskClient,
):
    _seed()
    secret = fresh_secret("Staff survey", [Scope.RESULTS_READ])
    for key in ("valued", "voice"):
        trend = _get(client, secret, f"?trend={key}").get_json()["trend"]
        lines = {series["group"]: series for series in trend["groups"]}
        for place, period in enumerate(p["period"] for p in trend["periods"]):
            start, end = QUARTERS[period]
            view = _get(client, secret, f"?from={start}&to={end}").get_json()
            for group in view["groups"]:
                figure = group["questions"][key]
                if group["group"] not in lines:
                    continue
                point = lines[group["group"]]["points"][place]
                # A line's point is the group's figure in that quarter's view, which shows it.
                assert (point["answered"], point["positive_share"]) == (
                    figure["answered"],
                    figure["positive_share"],
                ), (key, period, group["group"])
            total = view["total"]["questions"][key]
            point = trend["total"]["points"][place]
            assert point["answered"] in (None, total["answered"]), (key, period)
        without = {g["group"] for g in trend["without_line"]}
        if key == "voice":
            # Asian staff: 3 answered in April to June. No line (nor, as their cover, for those
            # who did not say), and no figure for them in any view by date either.
            assert without == {"asian", "not_stated"} and set(lines) == {"white"}
            for start, end in QUARTERS.values():
                view = _get(client, secret, f"?from={start}&to={end}").get_json()
                asian = next(g for g in view["groups"] if g["group"] == "asian")
                assert asian["questions"]["voice"]["answered"] is None
        else:
            assert without == set() and set(lines) == {"white", "asian", "not_stated"}
