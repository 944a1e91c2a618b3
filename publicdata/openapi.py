"""The OpenAPI 3.1 description of the public API, version 1 (api.py). Schemas are JSON Schema 2020-12, so a
response can be checked against them with any JSON Schema validator (tests/publicdata/test_api.py does)."""

from django.conf import settings

S = "#/components/schemas/"


def _ref(name):
    return {"$ref": S + name}


def _nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}


def _object(props: dict, *, required=None, extra=False) -> dict:
    return {
        "type": "object",
        "properties": props,
        "required": list(required if required is not None else props),
        "additionalProperties": extra,
    }


def _page_of(item: str) -> dict:
    return _object(
        {
            "count": INT,
            "next": _nullable(URL),
            "previous": _nullable(URL),
            "results": {"type": "array", "items": _ref(item)},
        }
    )


CELL = {
    "description": "A count of people, or null where it is suppressed (fewer than the threshold, or one that "
    "would let a suppressed count be derived from the total).",
    **_nullable(INT),
}
STAGE = _object(
    {
        "stage": {
            "type": "string",
            "enum": ["applications", "verified", "shortlisted", "sat", "qualified", "appointed"],
        },
        "recorded": {
            "type": "boolean",
            "description": "false: not public yet, or not recorded by the portal (appointments)",
        },
        "total": CELL,
        "by_gender": _nullable(_object({"female": CELL, "male": CELL, "not_declared": CELL})),
        "by_community": _nullable(_object({"non_majority": CELL, "majority": CELL, "not_declared": CELL})),
    }
)

INSTITUTION = _object({"short_name": STR, "name": STR, "country": {"type": "string", "enum": ["XK", "AL"]}})
POSITION_SUMMARY = {
    "id": INT,
    "announcement": INT,
    "code": STR,
    "title": STR,
    "institution": _ref("Institution"),
    "category": STR,
    "category_label": STR,
    "contract_type": STR,
    "number_of_positions": INT,
    "place": STR,
    "places": {"type": "array", "items": _object({"place": STR, "count": INT})},
    "deadline": DATETIME,
    "extended": BOOL,
    "open": BOOL,
    "url": URL,
}
POSITION = {
    **POSITION_SUMMARY,
    "grade": STR,
    "coefficient": _nullable(STR),
    "department": STR,
    "supervisor": STR,
    "duration": STR,
    "salary": STR,
    "description": STR,
    "duties": {"type": "array", "items": STR},
    "requirements": {
        "type": "array",
        "items": _object({"kind": STR, "text": STR, "min_years": _nullable(INT), "advantage": BOOL}),
    },
    "documents": {"type": "array", "items": _object({"name": STR, "required": BOOL, "notes": STR})},
}
ANNOUNCEMENT_SUMMARY = {
    "id": INT,
    "reference": STR,
    "title": STR,
    "institution": _ref("Institution"),
    "status": {"type": "string", "enum": ["published", "closed"]},
    "published_at": _nullable(DATETIME),
    "opens_at": DATETIME,
    "closes_at": DATETIME,
    "url": URL,
}
ANNOUNCEMENT = {
    **ANNOUNCEMENT_SUMMARY,
    "legal_basis": STR,
    "general_description": STR,
    "formal_requirements": STR,
    "competencies": STR,
    "how_to_apply": STR,
    "documents_instructions": STR,
    "evaluation_method": STR,
    "notification_method": STR,
    "contact_email": STR,
    "amendments": {"type": "array", "items": _object({"at": DATETIME, "reason": STR})},
    "positions": {"type": "array", "items": _ref("Position")},
}
SHORTLIST_SUMMARY = {
    "position": INT,
    "code": STR,
    "title": STR,
    "reference": STR,
    "institution": _ref("Institution"),
    "published_at": DATETIME,
    "changed_at": _nullable(DATETIME),
    "url": URL,
}
RESULT_SUMMARY = {
    "id": INT,
    "position": INT,
    "code": STR,
    "title": STR,
    "reference": STR,
    "institution": _ref("Institution"),
    "published_at": _nullable(DATETIME),
    "act_number": STR,
    "url": URL,
}
DRAW_SUMMARY = {
    "id": INT,
    "kind": STR,
    "status": STR,
    "committed_at": DATETIME,
    "position": _nullable(INT),
    "title": STR,
    "institution": _nullable(_ref("Institution")),
    "url": URL,
    "record": URL,
}

SCHEMAS = {
    "Error": _object({"error": STR}),
    "Institution": INSTITUTION,
    "PositionSummary": _object(POSITION_SUMMARY),
    "Position": _object(POSITION),
    "AnnouncementSummary": _object(ANNOUNCEMENT_SUMMARY),
    "Announcement": _object(ANNOUNCEMENT),
    "ShortlistSummary": _object(SHORTLIST_SUMMARY),
    "Shortlist": _object(
        {
            **SHORTLIST_SUMMARY,
            "candidates": {
                "type": "array",
                "items": _object({"number": INT, "last_name": STR, "first_name": STR, "reference": STR}),
            },
        }
    ),
    "ResultSummary": _object(RESULT_SUMMARY),
    "Result": _object(
        {
            **RESULT_SUMMARY,
            "without_winner": BOOL,
            "qualified": {
                "type": "array",
                "items": _object(
                    {
                        "rank": _nullable(INT),
                        "name": STR,
                        "documents": _nullable(STR),
                        "written": _nullable(STR),
                        "interview": _nullable(STR),
                        "total": STR,
                        "winner": BOOL,
                        "tie_rule": STR,
                    }
                ),
            },
        }
    ),
    "DrawSummary": _object(DRAW_SUMMARY),
    "Draw": _object(
        {
            **DRAW_SUMMARY,
            "draw_record": {
                "type": "object",
                "description": "The draw's record as "
                "draw.json publishes it (R-13.7): recompute it with "
                "tools/verify_draw.py.",
            },
        }
    ),
    "Stage": STAGE,
    "Statistics": _object(
        {
            "year": INT,
            "threshold": INT,
            "institutions": {
                "type": "array",
                "items": _object(
                    {
                        "institution": _ref("Institution"),
                        "stages": {"type": "array", "items": _ref("Stage")},
                        "quotas": {
                            "type": "array",
                            "items": _object(
                                {
                                    "category": STR,
                                    "staff": INT,
                                    "non_majority": CELL,
                                    "share_percent": _nullable(STR),
                                    "below_quota": BOOL,
                                }
                            ),
                        },
                        "procedures": {
                            "type": "array",
                            "items": _object(
                                {
                                    "position": INT,
                                    "code": STR,
                                    "title": STR,
                                    "reference": STR,
                                    "stages": {"type": "array", "items": _ref("Stage")},
                                }
                            ),
                        },
                    }
                ),
            },
        }
    ),
    "Index": _object(
        {"version": STR, "openapi": URL, "endpoints": {"type": "object", "additionalProperties": URL}}
    ),
    "PageOfPositions": _page_of("PositionSummary"),
    "PageOfAnnouncements": _page_of("AnnouncementSummary"),
    "PageOfShortlists": _page_of("ShortlistSummary"),
    "PageOfResults": _page_of("ResultSummary"),
    "PageOfDraws": _page_of("DrawSummary"),
}


def _param(name, where="query", schema=None, description="", required=False):
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema or STR,
        "description": description,
    }


LANG = _param(
    "lang",
    schema={"type": "string", "enum": ["sq", "sr-latn", "en"]},
    description="The language of texts (default: Albanian, or the Accept-Language header).",
)
PAGE = _param("page", schema={"type": "integer", "minimum": 1}, description="Page number, 50 items a page.")
ID = _param("id", "path", INT)


def _get(summary, schema, params=(), *, paged=False, may_404=False, operation_id=""):
    responses = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
        "400": {
            "description": "A parameter is malformed",
            "content": {"application/json": {"schema": _ref("Error")}},
        },
        "429": {
            "description": "Too many requests from this client",
            "content": {"application/json": {"schema": _ref("Error")}},
        },
    }
    if may_404 or paged:
        responses["404"] = {
            "description": "Not public, or no such page",
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    parameters = [*params, LANG, *([PAGE] if paged else [])]
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": parameters,
            "responses": responses,
        }
    }


PATHS = {
    "/": _get("The API's endpoints", "Index", operation_id="index"),
    "/positions/": _get(
        "Positions: open for applications (default) or closed (the archive)",
        "PageOfPositions",
        [
            _param("state", schema={"type": "string", "enum": ["open", "closed"]}),
            _param("q", description="Title, institution, reference or place"),
            _param(
                "category",
                schema={
                    "type": "string",
                    "enum": [
                        "professional",
                        "specialist",
                        "lower_management",
                        "middle_management",
                        "non_permanent",
                        "other",
                    ],
                },
            ),
            _param("institution", description="The institution's short name, e.g. KQZ"),
        ],
        paged=True,
        operation_id="positions",
    ),
    "/positions/{id}/": _get(
        "One position, as its page shows it", "Position", [ID], may_404=True, operation_id="position"
    ),
    "/announcements/": _get(
        "Published and closed announcements",
        "PageOfAnnouncements",
        [_param("institution")],
        paged=True,
        operation_id="announcements",
    ),
    "/announcements/{id}/": _get(
        "One announcement with its positions (R-9.1)",
        "Announcement",
        [ID],
        may_404=True,
        operation_id="announcement",
    ),
    "/shortlists/": _get(
        "Published shortlists (R-18.4)", "PageOfShortlists", paged=True, operation_id="shortlists"
    ),
    "/shortlists/{id}/": _get(
        "A position's published shortlist, in the published order (id: the position)",
        "Shortlist",
        [ID],
        may_404=True,
        operation_id="shortlist",
    ),
    "/results/": _get("Published results (R-25)", "PageOfResults", paged=True, operation_id="results"),
    "/results/{id}/": _get(
        "The qualified candidates of a published evaluation, in rank order (R-25.2)",
        "Result",
        [ID],
        may_404=True,
        operation_id="result",
    ),
    "/draws/": _get("Committee draws (R-13.7)", "PageOfDraws", paged=True, operation_id="draws"),
    "/draws/{id}/": _get(
        "One committee draw with its verifiable record", "Draw", [ID], may_404=True, operation_id="draw"
    ),
    "/statistics/": _get(
        "Transparency statistics of a year, per institution and procedure, small counts suppressed",
        "Statistics",
        [_param("year", schema={"type": "integer", "minimum": 2000, "maximum": 2100}), _param("institution")],
        operation_id="statistics",
    ),
}


def spec(*, server: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Civil-service recruitment portal: public data",
            "version": "1",
            "description": "Read-only: the same data as the portal's public pages. Paginated (50 a page), "
            f"cached ({settings.API_CACHE_SECONDS} s), limited per client ({settings.API_RATE_LIMIT}).",
            "license": {"name": "Data: public-sector information", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
