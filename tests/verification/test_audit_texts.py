"""Issue 16: the audit chain is append-only and never erased, so what HR types about a candidate (a check's note, a
decision's explanation) enters it only as its SHA-256; the text stays on the review, which can be anonymised."""

import hashlib
import json

import pytest

from audit.models import Event
from tests.helpers.verification import submitted
from verification import services
from verification.models import Decision, Reason, Review

pytestmark = pytest.mark.django_db


def test_hrs_explanation_about_a_candidate_enters_the_audit_log_only_as_its_sha256(position, hr_officer):
    app = submitted(position, first_name="Drita", last_name="Çeku")
    services.reviews_open(position=position, actor=hr_officer)
    review = Review.objects.get(application=app)
    explanation = "Drita Çeku has one year of experience, not two."
    services.review_decide(
        review=review,
        decision=Decision.NOT_ELIGIBLE,
        reasons=[Reason.EXPERIENCE],
        explanation=explanation,
        actor=hr_officer,
    )
    event = Event.objects.get(action="verification.decided")
    assert "Çeku" not in json.dumps(event.data, ensure_ascii=False)
    assert event.data["explanation_sha256"] == hashlib.sha256(explanation.encode()).hexdigest()
    assert Review.objects.get(pk=review.pk).explanation == explanation
