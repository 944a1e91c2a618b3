"""The public API (/api/v1/): its OpenAPI description validates, every endpoint answers what it documents, and it
shows no more than the public pages."""

import hashlib
from fractions import Fraction

import jsonschema
import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from committees import services as committee_services
from publicdata.openapi import PATHS
from scoring.models import Evaluation, EvaluationResult
from scoring.results import ResultRow
from tests.committees.factories import FieldFactory, MemberPoolFactory, fill_pool_for_professional
from tests.factories import AnnouncementFactory, PositionFactory, PositionPlaceFactory, RequirementFactory
from tests.publicdata.test_statistics import _apply, _closed_position
from verification.models import Review, Shortlist


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.API_CACHE_SECONDS = 0


@pytest.fixture
def world(db, institution, hr_officer, committee_member):
    open_position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution), title_en="Analyst"
    )
    PositionPlaceFactory(position=open_position)
    RequirementFactory(position=open_position)
    draft = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, status="draft", published_at=None)
    )
    closed = _closed_position(institution, reference="KQZ 9/2026")
    apps = [_apply(closed, gender="female", community="albanian") for _ in range(3)]
    entries = []
    for i, app in enumerate(apps):
        review = Review.objects.create(
            application=app,
            position=closed,
            submission=app.last_submission,
            reference=app.last_submission.reference,
            opened_at=timezone.now(),
            decision="eligible" if i < 2 else "not_eligible",
            first_name=f"Emër{i}",
            last_name=f"Mbiemër{i}",
        )
        if i < 2:
            entries.append(
                {
                    "review": review.pk,
                    "application": app.pk,
                    "reference": review.reference,
                    "first_name": review.first_name,
                    "last_name": review.last_name,
                }
            )
    Shortlist.objects.create(
        position=closed, published_at=timezone.now(), published_by=hr_officer, entries=entries
    )
    evaluation = Evaluation.objects.create(
        position=closed,
        scheme_key="kqz-professional",
        scheme_data={},
        category="professional",
        created_by=hr_officer,
        status="published",
    )
    rows = [
        ResultRow(
            candidate_id=i + 1,
            application_id=app.pk,
            rank=i + 1,
            documents=None,
            written=Fraction(50),
            interview=Fraction(25 - 10 * i),
            total=Fraction(75 - 10 * i),
            reached_interview=True,
            qualified=i == 0,
            winner=i == 0,
        ).as_json()
        for i, app in enumerate(apps[:2])
    ]
    EvaluationResult.objects.create(
        evaluation=evaluation, scheme_data={}, rows=rows, computed_by=hr_officer, published_at=timezone.now()
    )
    # A committee drawn for the open position, as the services do it.
    field = FieldFactory(code="law", name="Law")
    pool = MemberPoolFactory(institution=institution)
    made = fill_pool_for_professional(pool, field, managers=3)
    made["managers"][0].user = committee_member
    made["managers"][0].save(update_fields=["user"])
    committee = committee_services.committee_create(
        position=open_position, pool=pool, fields=[field], actor=hr_officer
    )
    draw = committee_services.committee_draw_announce(
        committee=committee, actor=hr_officer, commitment=hashlib.sha256(b"s").hexdigest()
    )
    draw = committee_services.draw_perform(draw=draw, secret="s", actor=hr_officer)
    return {
        "open": open_position,
        "draft": draft,
        "closed": closed,
        "evaluation": evaluation,
        "draw": draw,
        "apps": apps,
    }


def _spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_description_validates(client, db):
    validate(_spec(client))


def _ids(world):
    return {
        "/positions/{id}/": world["open"].pk,
        "/announcements/{id}/": world["open"].announcement_id,
        "/shortlists/{id}/": world["closed"].pk,
        "/results/{id}/": world["evaluation"].pk,
        "/draws/{id}/": world["draw"].pk,
    }


def _check(spec, path, response, status="200"):
    operation = spec["paths"][path]["get"]
    assert str(response.status_code) in operation["responses"], (path, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    schema = operation["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator(
        {**schema, "components": spec["components"]}, format_checker=jsonschema.FormatChecker()
    ).validate(response.json())
    assert str(response.status_code) == status, (path, response.json())


@pytest.mark.parametrize("path", list(PATHS))
def test_every_endpoint_answers_what_it_documents(client, world, path):
    spec = _spec(client)
    url = "/api/v1" + path.replace("{id}", str(_ids(world).get(path, "")))
    for lang in ("sq", "en"):
        _check(spec, path, client.get(url, {"lang": lang}))
    if "{id}" in path:
        _check(spec, path, client.get("/api/v1" + path.replace("{id}", "999999")), status="404")
    if any(p["name"] == "page" for p in spec["paths"][path]["get"]["parameters"]):
        _check(spec, path, client.get(url, {"page": "x"}), status="400")
        _check(spec, path, client.get(url, {"page": 99}), status="404")


def test_the_api_shows_no_draft_and_no_more_than_the_pages(client, world):
    positions = client.get("/api/v1/positions/").json()["results"]
    assert [p["id"] for p in positions] == [world["open"].pk]
    assert client.get(f"/api/v1/positions/{world['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v1/announcements/{world['draft'].announcement_id}/").status_code == 404
    shortlist = client.get(f"/api/v1/shortlists/{world['closed'].pk}/").json()
    assert [c["last_name"] for c in shortlist["candidates"]] == [
        "Mbiemër0",
        "Mbiemër1",
    ]  # not the rejected one
    result = client.get(f"/api/v1/results/{world['evaluation'].pk}/").json()
    assert [row["rank"] for row in result["qualified"]] == [1]  # only the qualified are public
    assert result["qualified"][0]["total"] == "75.00"


def test_texts_follow_the_language_asked_for(client, world):
    en = client.get(f"/api/v1/positions/{world['open'].pk}/", {"lang": "en"}).json()
    assert en["title"] == "Analyst"
    assert client.get("/api/v1/positions/", {"lang": "de"}).status_code == 400


def test_lists_are_paginated_with_links(client, world, institution):
    for _ in range(50):
        PositionFactory(announcement=world["open"].announcement)
    first = client.get("/api/v1/positions/").json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_a_client_over_the_rate_limit_gets_429(client, settings, db):
    settings.API_RATE_LIMIT = "3/m/ip"
    codes = [client.get("/api/v1/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_answers_are_cached_for_the_configured_time(client, world, settings):
    settings.API_CACHE_SECONDS = 60
    assert client.get("/api/v1/positions/").json()["count"] == 1
    PositionFactory(announcement=world["open"].announcement)
    response = client.get("/api/v1/positions/")
    assert response.json()["count"] == 1
    assert "max-age=60" in response["Cache-Control"]


def test_the_statistics_endpoint_hides_what_the_page_hides(client, world):
    data = client.get("/api/v1/statistics/").json()
    (inst,) = data["institutions"]
    procedure = next(p for p in inst["procedures"] if p["position"] == world["closed"].pk)
    applications = next(s for s in procedure["stages"] if s["stage"] == "applications")
    assert applications["total"] is None  # 3 applicants: under the threshold of 5
    assert next(s for s in procedure["stages"] if s["stage"] == "appointed")["recorded"] is False


def test_any_other_address_of_the_api_answers_json_404(client, db):
    for path in ("/api/v1/positions/-5/", "/api/v1/nothing-here/"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"error": "Not found."}


def test_a_year_out_of_range_is_a_bad_request_not_a_server_error(client, db):
    assert client.get("/api/v1/statistics/", {"year": "648559508675809152"}).status_code == 400
    assert client.get("/en/statistics/", {"year": "648559508675809152"}).status_code == 404
