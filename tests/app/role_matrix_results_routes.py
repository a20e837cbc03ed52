"""The results' routes in the role matrix: analysts and admins read results, code answers and
record what the force did; officers are refused."""

from __future__ import annotations

from tests.app.role_matrix_routes import (
    ANALYSTS,
    ANALYSTS_GO_ON,
    ANALYSTS_REFUSED_BLANK,
    Route,
    staff,
)

RESULTS_ROUTES = [
    # Results
    Route("GET", "/results/", "/results/", staff(analyst=200, admin=200)),
    Route("GET", "/results/<slug>", "/results/stop-search", staff(analyst=200, admin=200)),
    Route(
        "GET",
        "/results/<slug>/report",
        "/results/stop-search/report",
        staff(analyst=200, admin=200),
    ),
    Route(
        "GET",
        "/results/<slug>/export.<kind>",
        "/results/stop-search/export.csv",
        staff(analyst=200, admin=200),
    ),
]

CODING_ROUTES = [
    # Coding: analysts code answers and tend the theme lists
    Route("GET", "/results/coding", "/results/coding", ANALYSTS),
    Route("GET", "/results/<slug>/coding", "/results/stop-search/coding", ANALYSTS),
    Route("GET", "/results/<slug>/coding/answer", "/results/stop-search/coding/answer", ANALYSTS),
    Route(
        "GET",
        "/results/<slug>/coding/answers/<token>",
        "/results/stop-search/coding/answers/{answer}",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/answers/<token>",
        "/results/stop-search/coding/answers/{answer}",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "GET", "/results/<slug>/coding/discover", "/results/stop-search/coding/discover", ANALYSTS
    ),
    Route("GET", "/results/<slug>/coding/themes", "/results/stop-search/coding/themes", ANALYSTS),
    Route(
        "GET",
        "/results/<slug>/coding/themes/new",
        "/results/stop-search/coding/themes/new",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/themes/new",
        "/results/stop-search/coding/themes/new",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "GET",
        "/results/<slug>/coding/themes/<key>",
        "/results/stop-search/coding/themes/{theme}",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/themes/<key>",
        "/results/stop-search/coding/themes/{theme}",
        ANALYSTS_REFUSED_BLANK,
        {"name": "", "description": "", "seeds": ""},
    ),
    Route(
        "GET",
        "/results/<slug>/coding/themes/<key>/remove",
        "/results/stop-search/coding/themes/{theme}/remove",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/themes/<key>/remove",
        "/results/stop-search/coding/themes/{theme}/remove",
        ANALYSTS_GO_ON,
    ),
    Route(
        "POST", "/results/<slug>/coding/train", "/results/stop-search/coding/train", ANALYSTS_GO_ON
    ),
]

ACTION_ROUTES = [
    # You said, we did: analysts record what the force did
    Route("GET", "/results/actions", "/results/actions", ANALYSTS),
    Route("GET", "/results/<slug>/actions", "/results/stop-search/actions", ANALYSTS),
    Route("GET", "/results/<slug>/actions/new", "/results/stop-search/actions/new", ANALYSTS),
    Route(
        "POST",
        "/results/<slug>/actions/new",
        "/results/stop-search/actions/new",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "GET",
        "/results/<slug>/actions/<public_id>",
        "/results/stop-search/actions/{action}",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>",
        "/results/stop-search/actions/{action}",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>/publish",
        "/results/stop-search/actions/{action}/publish",
        ANALYSTS_GO_ON,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>/unpublish",
        "/results/stop-search/actions/{action}/unpublish",
        ANALYSTS_GO_ON,
    ),
    Route(
        "GET",
        "/results/<slug>/actions/<public_id>/delete",
        "/results/stop-search/actions/{action}/delete",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>/delete",
        "/results/stop-search/actions/{action}/delete",
        ANALYSTS_GO_ON,
    ),
]
