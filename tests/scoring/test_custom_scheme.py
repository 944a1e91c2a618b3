"""A scheme composed by HR for a position announced with a scheme of its own (K23: "the document names no point
scheme: the portal must let HR define one"): composed on HR's page, checked by schemes.custom_scheme and by the
portal's own stages, frozen on the evaluation and used by the results."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audit.models import Event
from committees import rules as committee_rules
from scoring import results, schemes, services
from scoring.models import Evaluation
from tests.factories import UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import QUESTIONS, candidate, position_with_committee, submit_sheets

pytestmark = pytest.mark.django_db

# A K23-like procedure (shortlist, then interview): the shortlisted candidates' documents, then an interview;
# qualified at 60 points and more.
K23 = {
    "kind_1": "documents",
    "maximum_1": "30",
    "combine_1": "mean_of_members",
    "parts_1": "education: 10, experience: 20",
    "kind_2": "interview",
    "maximum_2": "70",
    "combine_2": "mean_of_members",
    "parts_2": "14, 14, 14, 14, 14",
    "final_threshold": "60",
    "final_comparison": ">=",
    "winners_rule": "qualified_list",
}


@pytest.fixture
def users(db, committee_member):
    return [
        UserFactory(username="k23-chair@example.org"),
        committee_member,
        UserFactory(username="k23-third@example.org"),
    ]


@pytest.fixture
def position(institution, hr_officer, users):
    return position_with_committee(
        institution,
        hr_officer,
        users,
        scheme="custom",
        category="professional",
        composition=committee_rules.F1,
        code="KQZ 44/2023",
    )


def url(position):
    return reverse("scoring:scheme_compose", args=[position.pk])


def as_(user):
    return login_with_second_factor(Client(), user)


def test_k23_composed_by_hr_is_frozen_on_the_evaluation_and_decides_the_results(position, hr_officer, users):
    response = as_(hr_officer).post(url(position), K23)
    assert response.status_code == 302 and response["Location"] == reverse("scoring:hr_evaluations")
    evaluation = Evaluation.objects.get(position=position)
    scheme = evaluation.scheme
    assert evaluation.scheme_key == "custom"
    assert [(s.key, s.maximum, s.combine) for s in scheme.steps] == [
        ("documents", 30, "mean_of_members"),
        ("interview", 70, "mean_of_members"),
    ]
    assert scheme.step("documents").sheet_maxima == {"education": Decimal(10), "experience": Decimal(20)}
    assert scheme.step("interview").questions.maxima == (Decimal(14),) * 5
    assert (scheme.final_threshold, scheme.final_comparison) == (Decimal(60), ">=")
    assert Event.objects.filter(action="scoring.evaluation_created", data__scheme="custom").exists()

    # The committee runs it: documents, then the interview, on the members' sheets.
    at_threshold, below = candidate(evaluation, "Arta Zhubi"), candidate(evaluation, "Blerim Qorri")
    services.documents_open(evaluation=evaluation, actor=users[0])
    evaluation.refresh_from_db()
    submit_sheets(evaluation, users, at_threshold, [20, 20, 20], step="documents")
    submit_sheets(evaluation, users, below, [20, 20, 19], step="documents")
    services.interview_open(evaluation=evaluation, questions=QUESTIONS, actor=users[0])
    evaluation.refresh_from_db()
    submit_sheets(evaluation, users, at_threshold, [40, 40, 40])
    submit_sheets(evaluation, users, below, [40, 40, 40])

    rows = {row.candidate_id: row for row in results.compute_results(evaluation)}
    assert rows[at_threshold.pk].total == 60 and rows[at_threshold.pk].qualified  # ≥ 60: exactly 60 qualifies
    assert rows[below.pk].total < 60 and not rows[below.pk].qualified


def test_starting_a_custom_position_from_hr_s_list_leads_to_the_composition(position, hr_officer):
    client = as_(hr_officer)
    listing = client.get(reverse("scoring:hr_evaluations")).content.decode()
    assert url(position) in listing
    response = client.post(reverse("scoring:hr_evaluations"), {"position": position.pk})
    assert response.status_code == 302 and response["Location"] == url(position)
    assert not Evaluation.objects.filter(position=position).exists()
    assert client.get(url(position)).status_code == 200


def test_the_service_refuses_a_custom_position_without_a_composed_scheme(position, hr_officer, english):
    with pytest.raises(services.EvaluationError, match="compose it"):
        services.evaluation_create(position=position, actor=hr_officer)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"parts_2": "14, 14, 14, 14, 10"}, "parts-add-up"),
        ({"final_threshold": "101"}, "threshold-reachable"),
        ({"final_comparison": ">", "final_threshold": "100"}, "threshold-reachable"),
        ({"gate_2": "35"}, "last-step-no-gate"),
        ({"gate_1": "31"}, "gate-within-maximum"),
        ({"winners_rule": "top_n"}, "top-n-with-rule"),
        ({"kind_2": "documents", "parts_2": "a: 70"}, "steps-distinct"),
        ({"combine_1": "sum_of_criteria", "parts_1": ""}, "sum-needs-criteria"),
    ],
)
def test_a_composition_breaking_a_scheme_rule_is_refused_with_its_message(position, hr_officer, change, rule):
    data = {**K23, **change}
    steps = []
    for n in (1, 2):
        step = {"key": data[f"kind_{n}"], "maximum": data[f"maximum_{n}"], "combine": data[f"combine_{n}"]}
        parts = [p.strip() for p in data[f"parts_{n}"].split(",") if p.strip()]
        if data.get(f"gate_{n}"):
            step["gate"] = data[f"gate_{n}"]
        if step["key"] == "interview":
            step["questions"] = {"maxima": parts}
        elif parts:
            step["criteria"] = [
                {"key": k.strip(), "maximum": v} for k, _c, v in (p.partition(":") for p in parts)
            ]
        steps.append(step)
    with pytest.raises(
        schemes.SchemeError
    ) as expected:  # the message the form must show, in the active language
        schemes.custom_scheme(
            key="custom",
            steps=steps,
            final_threshold=data["final_threshold"],
            final_comparison=data["final_comparison"],
            winners_rule=data["winners_rule"],
        )
    assert expected.value.rule == rule
    response = as_(hr_officer).post(url(position), data)
    assert response.status_code == 200
    assert expected.value.message in response.context["form"].non_field_errors()
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"kind_1": "interview", "parts_1": "10, 10, 10", "kind_2": "documents", "parts_2": "a: 70"},
            "then an interview",
        ),
        (
            {
                "kind_2": "",
                "maximum_1": "100",
                "parts_1": "education: 40, experience: 60",
                "final_threshold": "50",
            },
            "then an interview",
        ),
        (
            {"kind_1": "written", "maximum_1": "80", "parts_1": "", "combine_1": "single"},
            "R-20.4: the written test of this category is worth up to 70 points",
        ),  # "deri në": less is lawful
        ({"combine_2": "single"}, "The interview is marked question by question"),
        ({"combine_1": "single"}, "The documents are marked by criteria"),
    ],
)
def test_a_composition_the_portal_cannot_run_is_refused(position, hr_officer, change, reason, english):
    client = as_(hr_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the page in the language of the words compared
    response = client.post(url(position), {**K23, **change})
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert any(reason in error for error in response.context["form"].non_field_errors())
    assert not Evaluation.objects.exists()


def test_a_written_test_then_an_interview_by_committee_set_points(position, hr_officer):
    """The written test of the position's category (R-20.4: 70) with an interview whose points the committee sets."""
    data = {
        **K23,
        "kind_1": "written",
        "maximum_1": "70",
        "gate_1": "40",
        "combine_1": "single",
        "parts_1": "",
        "maximum_2": "30",
        "parts_2": "6, 6, 6, 6, 6",
        "committee_sets_2": "on",
        "final_threshold": "70",
    }
    assert as_(hr_officer).post(url(position), data).status_code == 302
    scheme = Evaluation.objects.get(position=position).scheme
    assert scheme.step("written").gate == 40 and not scheme.step("interview").questions.fixed


def test_only_hr_of_the_institution_composes(position, other_hr_officer, committee_member, applicant):
    for user in (other_hr_officer, committee_member, applicant):
        client = as_(user)
        assert client.get(url(position)).status_code == 404
        assert client.post(url(position), K23).status_code == 404
    assert Client().get(url(position)).status_code == 302  # anonymous: to the log-in
    assert not Evaluation.objects.exists()


def test_a_preset_position_has_no_composition_page(institution, hr_officer, users):
    preset = position_with_committee(
        institution,
        hr_officer,
        [UserFactory() for _ in range(3)],
        scheme="f1",
        category="professional",
        composition=committee_rules.F1,
        code="F1-9",
    )
    assert as_(hr_officer).get(url(preset)).status_code == 404
    assert as_(hr_officer).post(url(preset), K23).status_code == 404
    assert not Evaluation.objects.exists()


def test_a_started_custom_evaluation_has_no_composition_page(position, hr_officer):
    assert as_(hr_officer).post(url(position), K23).status_code == 302
    assert as_(hr_officer).post(url(position), K23).status_code == 404
    assert Evaluation.objects.count() == 1
