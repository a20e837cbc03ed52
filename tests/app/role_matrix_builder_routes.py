"""The survey builder's routes in the role matrix (admins only), and a draft's test link,
which anyone who has it may answer."""

from __future__ import annotations

from tests.app.role_matrix_routes import ROLES, Route, staff

BUILDER_ROUTES = [
    # The survey builder: admins only. A built-in survey has no draft, so a draft's pages are
    # not found for it.
    Route("GET", "/admin/surveys/", "/admin/surveys/", staff(admin=200)),
    Route("GET", "/admin/surveys/new", "/admin/surveys/new", staff(admin=200)),
    Route("POST", "/admin/surveys/new", "/admin/surveys/new", staff(admin=400)),
    Route("GET", "/admin/surveys/import", "/admin/surveys/import", staff(admin=200)),
    Route("POST", "/admin/surveys/import", "/admin/surveys/import", staff(admin=400)),
    Route("GET", "/admin/surveys/<slug>", "/admin/surveys/stop-search", staff(admin=200)),
    Route(
        "POST", "/admin/surveys/<slug>/edit", "/admin/surveys/stop-search/edit", staff(admin=302)
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/export.json",
        "/admin/surveys/stop-search/export.json",
        staff(admin=200),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/details",
        "/admin/surveys/stop-search/details",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/details",
        "/admin/surveys/stop-search/details",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/publish",
        "/admin/surveys/stop-search/publish",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/publish",
        "/admin/surveys/stop-search/publish",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/discard",
        "/admin/surveys/stop-search/discard",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/discard",
        "/admin/surveys/stop-search/discard",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/new",
        "/admin/surveys/stop-search/pages/new",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/new",
        "/admin/surveys/stop-search/pages/new",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>",
        "/admin/surveys/stop-search/pages/during-the-search",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>",
        "/admin/surveys/stop-search/pages/during-the-search",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/remove",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/remove",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/<action>",
        "/admin/surveys/stop-search/pages/during-the-search/up",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/questions/new",
        "/admin/surveys/stop-search/pages/during-the-search/questions/new",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/questions/new",
        "/admin/surveys/stop-search/pages/during-the-search/questions/new",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed/remove",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed/remove",
        staff(admin=404),
    ),
    Route("GET", "/admin/surveys/<slug>/try", "/admin/surveys/stop-search/try", staff(admin=404)),
    Route(
        "GET",
        "/admin/surveys/<slug>/try/check",
        "/admin/surveys/stop-search/try/check",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/try/check",
        "/admin/surveys/stop-search/try/check",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/try/<page_key>",
        "/admin/surveys/stop-search/try/during-the-search",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/try/<page_key>",
        "/admin/surveys/stop-search/try/during-the-search",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link",
        "/admin/surveys/stop-search/draft/test-link",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link",
        "/admin/surveys/matrix-draft/draft/test-link",
        staff(admin=302),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link/cancel",
        "/admin/surveys/stop-search/draft/test-link/cancel",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link/cancel",
        "/admin/surveys/matrix-draft/draft/test-link/cancel",
        staff(admin=302),
        {"link": "1"},
    ),
]

TEST_LINK_ROUTES = [
    # A draft's test link: anyone who has it, signed in or not, answers the same pages.
    Route("GET", "/test/<token>", "/test/{test_token}", {role: 200 for role in ROLES}),
    Route("GET", "/test/<token>/check", "/test/{test_token}/check", {role: 302 for role in ROLES}),
    Route("POST", "/test/<token>/check", "/test/{test_token}/check", {role: 302 for role in ROLES}),
    Route(
        "GET",
        "/test/<token>/<page_key>",
        "/test/{test_token}/during-the-search",
        {role: 200 for role in ROLES},
    ),
    Route(
        "POST",
        "/test/<token>/<page_key>",
        "/test/{test_token}/during-the-search",
        {role: 302 for role in ROLES},
        {"handcuffed": "yes"},
    ),
    Route("GET", "/test/<token>/done", "/test/{test_token}/done", {role: 200 for role in ROLES}),
    Route("GET", "/test/<token>", "/test/{token}", {role: 404 for role in ROLES}),
]
