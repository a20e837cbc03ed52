"""The OpenAPI 3.1 description of /api/v1. Describe an endpoint here when, and only when, it
exists; tests check that every documented path is served and every served path documented."""

from __future__ import annotations

from typing import Any

from app.api.forms import AREA_CODE_MAX, EVENT_NAME_MAX
from app.api.results_openapi import TOO_MANY_REQUESTS, UNAUTHORISED, sessions_operation
from app.api.results_openapi import operation as results_operation
from app.api.results_openapi import schemas as results_schemas
from app.services import surveys
from models import Scope

PROBLEM = "application/problem+json"


def _problem_response(description: str, schema: str = "Problem") -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


COMMON_ERRORS = {
    "401": _problem_response(UNAUTHORISED),
    "403": _problem_response("The API token does not have the scope this needs"),
    "429": _problem_response(TOO_MANY_REQUESTS),
}

LINK_FIELDS: dict[str, Any] = {
    "token": {
        "type": "string",
        "description": "The link's token: 26 characters of Crockford base32",
        "examples": ["7k3mq9x2vd8h4tnp6rc1wb5yfg"],
    },
    "code": {
        "type": "string",
        "description": "The token as printed for typing at /r: capitals in groups of four",
        "examples": ["7K3M-Q9X2-VD8H-4TNP-6RC1-WB5Y-FG"],
    },
    "url": {
        "type": "string",
        "format": "uri",
        "description": "The address the QR code carries",
    },
    "survey": {"type": "string", "description": "The survey's slug"},
    "area": {"type": ["string", "null"], "description": "The area's code, if any"},
    "single_use": {"type": "boolean", "description": "Whether the link can be answered once"},
    "expires_at": {
        "type": ["string", "null"],
        "format": "date-time",
        "description": "When the link stops working (listening sessions), or null",
    },
}
LINK_REQUIRED = list(LINK_FIELDS)


def document() -> dict[str, Any]:
    """The OpenAPI document served at /api/v1/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Listening Post API",
            "version": "1.0.0",
            "description": (
                "Make anonymous-feedback survey links, check whether they have been used, and "
                "read each survey's results by group, with small groups hidden. "
                "Authenticate with an API token made by a Listening Post administrator: "
                "`Authorization: Bearer <token>`. A token works until it expires (a year after "
                "it is made, unless the administrator chose otherwise) or is revoked. "
                "Errors are RFC 9457 problem details (`application/problem+json`). "
                "Nothing here ever returns what anyone answered."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/links": {"post": _create_link()},
            "/links/{token}": {"get": _link_status()},
            "/surveys/{slug}/results": {"get": results_operation()},
            "/surveys/{slug}/sessions": {"get": sessions_operation()},
            "/openapi.json": {"get": _openapi()},
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Scopes: " + ", ".join(scope.value for scope in Scope),
                }
            },
            "schemas": {**_schemas(), **results_schemas()},
        },
    }


def _create_link() -> dict[str, Any]:
    return {
        "operationId": "createLink",
        "summary": "Make a survey link with its QR code",
        "description": (
            "Needs the `links:write` scope. The link takes its survey's defaults: stop-search "
            "and say-to-stay links are single-use; listening-session links are open to "
            "everyone at the event until a week after it."
        ),
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/LinkRequest"}}
            },
        },
        "responses": {
            "201": {
                "description": "The link was made",
                "headers": {
                    "Location": {
                        "description": "Where to check the link's status",
                        "schema": {"type": "string"},
                    }
                },
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/LinkCreated"}}
                },
            },
            "400": _problem_response(
                "The body is not valid JSON, or gives the same key twice in one object (the "
                "detail names it)"
            ),
            **COMMON_ERRORS,
            "415": _problem_response("The body is not sent as application/json"),
            "422": _problem_response(
                "The body is JSON but not a valid request; `errors` lists each problem",
                "ValidationProblem",
            ),
        },
    }


def _link_status() -> dict[str, Any]:
    return {
        "operationId": "getLinkStatus",
        "summary": "Whether a link has been used",
        "description": (
            "Needs the `links:read` scope. Gives the status only, never an answer. "
            "The token may be given as printed (capitals, dashes). For a survey of police "
            "officers and staff (Say to Stay), the status is always `not_shown`: whether a "
            "colleague answered is confidential, from whoever made or holds the link too."
        ),
        "parameters": [
            {
                "name": "token",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": 64},
            }
        ],
        "responses": {
            "200": {
                "description": "The link and its status",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/LinkStatus"}}
                },
            },
            **COMMON_ERRORS,
            "404": _problem_response("There is no link with that token"),
        },
    }


def _openapi() -> dict[str, Any]:
    return {
        "operationId": "getOpenApi",
        "summary": "This document",
        "security": [],
        "responses": {
            "200": {
                "description": "The OpenAPI 3.1 document",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    }


def _published_slugs() -> list[str]:
    """Every survey a link can be made for now (read when the document is asked for)."""
    return [survey.slug for survey in surveys.list_surveys() if survey.current_version]


def _schemas() -> dict[str, Any]:
    return {
        "LinkRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["survey"],
            "properties": {
                "survey": {
                    "type": "string",
                    "enum": _published_slugs(),
                    "description": "Which survey the link is for: the built-in surveys and "
                    "any an administrator has published",
                    "examples": ["stop-search"],
                },
                "area": {
                    "type": ["string", "null"],
                    "maxLength": AREA_CODE_MAX,
                    "description": "An area code set up by an administrator",
                },
                "event_name": {
                    "type": ["string", "null"],
                    "maxLength": EVENT_NAME_MAX,
                    "description": (
                        "Listening sessions: the session's name (default: Listening session). "
                        "Only for a survey whose links are made for sessions; otherwise 422"
                    ),
                },
                "event_name_cy": {
                    "type": ["string", "null"],
                    "maxLength": EVENT_NAME_MAX,
                    "description": (
                        "Listening sessions: the event's name in Welsh, which Welsh readers "
                        "see (default: event_name). Only with event_name; otherwise 422"
                    ),
                },
                "event_date": {
                    "type": ["string", "null"],
                    "format": "date",
                    "description": (
                        "Listening sessions: the day it is held (default: today), in the UK. "
                        "No more than 7 days ago (the code closes 7 days after the session) "
                        "and no more than a year ahead; otherwise 422. Only for a survey "
                        "whose links are made for sessions"
                    ),
                },
            },
        },
        "LinkCreated": {
            "type": "object",
            "required": [*LINK_REQUIRED, "qr_svg", "qr_png"],
            "properties": {
                **LINK_FIELDS,
                "qr_svg": {"type": "string", "description": "The QR code as an SVG document"},
                "qr_png": {
                    "type": "string",
                    "description": "The QR code as a PNG, as a data URL: "
                    "`data:image/png;base64,` then the base64 of the PNG file",
                    "pattern": "^data:image/png;base64,",
                },
            },
        },
        "LinkStatus": {
            "type": "object",
            "required": [*LINK_REQUIRED, "status"],
            "properties": {
                **LINK_FIELDS,
                "status": {
                    "type": "string",
                    "enum": ["unused", "used", "expired", "not_shown"],
                    "description": "used: answered at least once; expired: can no longer be "
                    "answered and never was; unused: can still be answered; not_shown: the "
                    "link is for a survey of police officers and staff, whose use is "
                    "confidential, so none of the others is given, whether or not it was "
                    "answered",
                },
            },
        },
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
            },
        },
        "ValidationProblem": {
            "allOf": [
                {"$ref": "#/components/schemas/Problem"},
                {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["field", "message"],
                                "properties": {
                                    "field": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                            },
                        }
                    },
                },
            ]
        },
    }
