"""The verification's services: opening, checks, decisions, bulk decisions, exclusion (R-9.3), publication
(R-18.4 … R-18.6), exactly one message per candidate per step, and the selector scoring reads."""

import datetime as dt
from io import BytesIO

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from applications.models import ApplicationEvent, EventKind
from audit.services import audit_verify
from notifications.models import Message
from notifications.services import message_deliver
from recruitment.permissions import NotAllowed
from tests.factories import PositionFactory
from tests.helpers.verification import submitted
from vacancies.models import ClosingState
from verification import services
from verification.models import (
    Check,
    CheckResult,
    CriterionKind,
    Decision,
    Reason,
    Review,
    ReviewCount,
    Shortlist,
)
from verification.selectors import eligible_applications

pytestmark = pytest.mark.django_db


def _meet_all(review, actor):
    for check in review.checks.all():
        services.check_record(check=check, result=CheckResult.MET, actor=actor)


def test_r18_1_opening_creates_one_check_per_criterion_and_is_idempotent(position, hr_officer):
    app = submitted(position)
    submitted(position, last_name="Gashi", missing=("Diploma",))
    assert services.reviews_open(position=position, actor=hr_officer) == 2
    review = Review.objects.get(application=app)
    kinds = list(review.checks.values_list("kind", flat=True))
    # 1 general + 2 specific (the "advantage" is not a condition) + 2 required documents (the optional one is not).
    assert kinds == [
        CriterionKind.GENERAL,
        CriterionKind.SPECIFIC,
        CriterionKind.SPECIFIC,
        CriterionKind.DOCUMENT,
        CriterionKind.DOCUMENT,
    ]
    assert services.reviews_open(position=position, actor=hr_officer) == 0
    assert Check.objects.count() == 10
    # The document missing from the frozen checklist is "not met" at once; nothing else is decided for HR.
    gashi = Review.objects.get(last_name="Gashi")
    assert list(gashi.checks.filter(result=CheckResult.NOT_MET).values_list("label__en", flat=True)) == [
        "Diploma"
    ]
    assert ApplicationEvent.objects.filter(kind=EventKind.VERIFICATION_OPENED).count() == 2


def test_opening_keeps_the_number_of_the_positions_reviews_for_its_list(position, hr_officer):
    """Issue 13: HR's list of the reviews reads this number instead of counting the reviews on every page."""
    submitted(position)
    submitted(position, last_name="Gashi")
    services.reviews_open(position=position, actor=hr_officer)
    assert ReviewCount.objects.get(position=position).reviews == 2
    submitted(position, last_name="Krasniqi")  # an application not reviewed yet
    assert services.reviews_open(position=position, actor=hr_officer) == 1
    assert (
        ReviewCount.objects.get(position=position).reviews == Review.objects.filter(position=position).count()
    )
    ReviewCount.objects.filter(position=position).delete()  # reviews opened before the number was kept
    assert services.reviews_open(position=position, actor=hr_officer) == 0
    assert ReviewCount.objects.get(position=position).reviews == 3


def test_verification_waits_for_the_final_closing(institution, hr_officer):
    open_position = PositionFactory(announcement__institution=institution)
    assert open_position.closing_state == ClosingState.OPEN
    with pytest.raises(services.VerificationError):
        services.reviews_open(position=open_position, actor=hr_officer)


def test_only_hr_of_the_announcing_institution_may_verify(
    position, other_hr_officer, applicant, committee_member, hr_officer
):
    submitted(position)
    for intruder in (other_hr_officer, applicant, committee_member):
        with pytest.raises(NotAllowed):
            services.reviews_open(position=position, actor=intruder)
    services.reviews_open(position=position, actor=hr_officer)
    review = Review.objects.get()
    with pytest.raises(NotAllowed):
        services.review_decide(
            review=review,
            decision=Decision.NOT_ELIGIBLE,
            reasons=[Reason.EDUCATION],
            explanation="x",
            actor=other_hr_officer,
        )
    with pytest.raises(NotAllowed):
        services.shortlist_publish(position=position, actor=other_hr_officer)
    review.refresh_from_db()
    assert review.decision == Decision.UNDECIDED


def test_r18_6_an_unreasoned_rejection_is_refused_with_a_clear_message(position, hr_officer, english):
    submitted(position)
    services.reviews_open(position=position, actor=hr_officer)
    review = Review.objects.get()
    with pytest.raises(services.VerificationError) as refused:
        services.review_decide(
            review=review, decision=Decision.NOT_ELIGIBLE, reasons=[], explanation="", actor=hr_officer
        )
    assert (
        gettext("Explain the decision in words: the candidate receives it (R-18.6).")
        in refused.value.messages
    )
    review.refresh_from_db()
    assert review.decision == Decision.UNDECIDED


def test_r18_3_eligible_despite_a_criterion_not_met_needs_an_explanation(position, hr_officer):
    submitted(position)
    services.reviews_open(position=position, actor=hr_officer)
    review = Review.objects.get()
    _meet_all(review, hr_officer)
    services.check_record(
        check=review.checks.first(),
        result=CheckResult.NOT_MET,
        note="Letërnjoftim i skaduar",
        actor=hr_officer,
    )
    with pytest.raises(services.VerificationError):
        services.review_decide(review=review, decision=Decision.ELIGIBLE, actor=hr_officer)
    services.review_decide(
        review=review,
        decision=Decision.ELIGIBLE,
        actor=hr_officer,
        explanation="Shtetësia u verifikua në regjistrin civil (R-18.2).",
    )
    review.refresh_from_db()
    assert review.decision == Decision.ELIGIBLE and review.decided_by == hr_officer


def test_bulk_decisions_take_only_the_obvious_cases(position, hr_officer):
    complete = submitted(position, last_name="Berisha")
    unchecked = submitted(position, last_name="Hoxha")
    lacking = submitted(position, last_name="Morina", missing=("CV",))
    services.reviews_open(position=position, actor=hr_officer)
    _meet_all(Review.objects.get(application=complete), hr_officer)
    assert services.reviews_bulk_eligible(position=position, actor=hr_officer) == 1
    assert services.reviews_bulk_missing_document(position=position, actor=hr_officer) == 1
    decisions = dict(Review.objects.values_list("application_id", "decision"))
    assert decisions == {
        complete.pk: Decision.ELIGIBLE,
        unchecked.pk: Decision.UNDECIDED,
        lacking.pk: Decision.NOT_ELIGIBLE,
    }
    morina = Review.objects.get(application=lacking)
    assert morina.reasons == [Reason.MISSING_DOCUMENT] and "CV" in morina.explanation


def _decided_position(position, hr_officer):
    """Three candidates: two eligible (Çeku, Cana), one not (Dushi, missing diploma)."""
    apps = {name: submitted(position, last_name=name, first_name="Arta") for name in ("Çeku", "Cana")}
    apps["Dushi"] = submitted(position, last_name="Dushi", missing=("Diploma",))
    services.reviews_open(position=position, actor=hr_officer)
    for name in ("Çeku", "Cana"):
        _meet_all(Review.objects.get(application=apps[name]), hr_officer)
    services.reviews_bulk_eligible(position=position, actor=hr_officer)
    services.reviews_bulk_missing_document(position=position, actor=hr_officer)
    return apps


def test_publishing_with_an_undecided_application_is_refused_and_nothing_is_published(position, hr_officer):
    _decided_position(position, hr_officer)
    submitted(position, last_name="Zeka")
    services.reviews_open(position=position, actor=hr_officer)
    with pytest.raises(services.VerificationError):
        services.shortlist_publish(position=position, actor=hr_officer)
    assert not Shortlist.objects.exists()
    assert not Message.objects.filter(kind__startswith="verification.").exists()
    assert not ApplicationEvent.objects.filter(
        kind__in=[EventKind.SHORTLISTED, EventKind.NOT_ELIGIBLE]
    ).exists()
    assert not eligible_applications(position).exists()


def test_publishing_refuses_a_submitted_application_nobody_reviewed(position, hr_officer):
    _decided_position(position, hr_officer)
    submitted(position, last_name="Zeka")  # arrived in the record after the opening: not reviewed
    with pytest.raises(services.VerificationError):
        services.shortlist_publish(position=position, actor=hr_officer)
    assert not Shortlist.objects.exists()


def test_r18_4_r18_6_publication_lists_in_albanian_order_and_tells_each_candidate_once(
    position, hr_officer, django_capture_on_commit_callbacks
):
    apps = _decided_position(position, hr_officer)
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    assert [e["last_name"] for e in shortlist.entries] == ["Cana", "Çeku"]
    assert shortlist.rejected_count == 1 and not shortlist.late
    assert list(eligible_applications(position)) == [apps["Cana"], apps["Çeku"]]
    kinds = sorted(Message.objects.values_list("kind", flat=True))
    assert kinds == ["verification.eligible", "verification.eligible", "verification.not_eligible"]
    for app in apps.values():
        assert Message.objects.filter(recipient=app.applicant).count() == 1
    # Running the publication again sends nothing new and publishes nothing twice.
    again = services.shortlist_publish(position=position, actor=hr_officer)
    assert again.pk == shortlist.pk and Message.objects.count() == 3 and Shortlist.objects.count() == 1
    history = set(ApplicationEvent.objects.filter(application=apps["Dushi"]).values_list("kind", flat=True))
    assert {EventKind.VERIFICATION_OPENED, EventKind.NOT_ELIGIBLE} <= history
    assert audit_verify() == []


def test_decisions_are_frozen_once_the_shortlist_is_published(position, hr_officer):
    apps = _decided_position(position, hr_officer)
    services.shortlist_publish(position=position, actor=hr_officer)
    review = Review.objects.get(application=apps["Dushi"])
    with pytest.raises(services.VerificationError):
        services.review_decide(review=review, decision=Decision.UNDECIDED, actor=hr_officer)
    with pytest.raises(services.VerificationError):
        services.check_record(check=review.checks.first(), result=CheckResult.MET, actor=hr_officer)


def test_r18_6_the_rejected_candidate_s_message_carries_the_reasoned_decision_pdf(
    position, hr_officer, english, django_capture_on_commit_callbacks
):
    apps = _decided_position(position, hr_officer)
    with django_capture_on_commit_callbacks() as callbacks:
        services.shortlist_publish(position=position, actor=hr_officer)
    for callback in callbacks:  # the notices' task (issue 13), eager; their deliveries are not run
        callback()
    message = Message.objects.get(kind="verification.not_eligible")
    assert message.recipient == apps["Dushi"].applicant and message.attachment_path.endswith(".pdf")
    with translation.override(message.language):  # written in the candidate's language
        assert str(Reason.MISSING_DOCUMENT.label) in message.body
    assert message_deliver(message_id=message.pk)
    [email] = mail.outbox
    [(name, content, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and name.endswith("-decision.pdf")
    text = " ".join(PdfReader(BytesIO(content)).pages[0].extract_text().split())
    review = Review.objects.get(application=apps["Dushi"])
    assert review.reference in text and "Diplom" in text  # the explanation names the missing document
    assert "KPMSHCK" in " ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)  # how to appeal


def test_r9_3_a_false_declaration_found_after_publication_excludes_the_candidate(
    position, hr_officer, english
):
    apps = _decided_position(position, hr_officer)
    services.shortlist_publish(position=position, actor=hr_officer)
    review = Review.objects.get(application=apps["Cana"])
    with pytest.raises(services.VerificationError):
        services.false_declaration_record(review=review, evidence="", explanation="x", actor=hr_officer)
    record = services.false_declaration_record(
        review=review,
        evidence="Certifikata e gjykatës nr. 55/2026 tregon dënim të formës së prerë.",
        explanation="Keni deklaruar se nuk jeni dënuar; certifikata e gjykatës tregon të kundërtën.",
        actor=hr_officer,
    )
    assert record.after_publication and record.found_by == hr_officer
    review.refresh_from_db()
    assert review.decision == Decision.EXCLUDED and review.reasons == [Reason.FALSE_DECLARATION]
    assert list(eligible_applications(position)) == [apps["Çeku"]]
    shortlist = Shortlist.objects.get()
    assert shortlist.version == 2 and shortlist.changed_at is not None
    assert Message.objects.filter(recipient=apps["Cana"].applicant, kind="verification.excluded").count() == 1
    assert ApplicationEvent.objects.filter(application=apps["Cana"], kind=EventKind.EXCLUDED).exists()
    with pytest.raises(services.VerificationError):  # once is enough
        services.false_declaration_record(review=review, evidence="e", explanation="x", actor=hr_officer)


def test_r18_5_hr_is_reminded_at_10_and_13_days_once_each(position, hr_officer):
    from verification.tasks import send_verification_reminders

    submitted(position)
    now = timezone.now()
    position.closed_at = now - dt.timedelta(days=10, hours=1)
    position.save(update_fields=["closed_at"])
    assert services.reminders_send(now=now) == 1
    assert send_verification_reminders() == 0  # idempotent: same stage, same person
    assert services.reminders_send(now=now + dt.timedelta(days=3)) == 1
    assert services.reminders_send(now=now + dt.timedelta(days=3, hours=5)) == 0
    assert Message.objects.filter(kind="verification.reminder", recipient=hr_officer).count() == 2


def test_no_reminder_once_the_shortlist_is_published(position, hr_officer):
    _decided_position(position, hr_officer)
    services.shortlist_publish(position=position, actor=hr_officer)
    position.closed_at = timezone.now() - dt.timedelta(days=11)
    position.save(update_fields=["closed_at"])
    assert services.reminders_send() == 0


def test_r9_3_a_candidate_excluded_before_publication_is_told_once_and_not_listed(position, hr_officer):
    apps = _decided_position(position, hr_officer)
    services.false_declaration_record(
        review=Review.objects.get(application=apps["Çeku"]),
        evidence="e",
        explanation="Deklarata e rreme.",
        actor=hr_officer,
    )
    record = Review.objects.get(application=apps["Çeku"]).false_declarations.get()
    assert not record.after_publication
    shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    assert [e["last_name"] for e in shortlist.entries] == ["Cana"]
    assert list(Message.objects.filter(recipient=apps["Çeku"].applicant).values_list("kind", flat=True)) == [
        "verification.excluded"
    ]


@pytest.mark.django_db(transaction=True)
def test_two_publications_at_once_publish_one_list_and_tell_each_candidate_once(position, hr_officer):
    import threading

    from django.db import connection

    _decided_position(position, hr_officer)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def publish():
        try:
            barrier.wait()
            results.append(services.shortlist_publish(position=position, actor=hr_officer).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1
    assert Shortlist.objects.count() == 1
    assert (
        Message.objects.filter(kind__in=["verification.eligible", "verification.not_eligible"]).count() == 3
    )


def test_a_check_changed_after_the_decision_stops_the_publication_until_decided_again(position, hr_officer):
    apps = _decided_position(position, hr_officer)
    cana = Review.objects.get(application=apps["Cana"])
    services.check_record(
        check=cana.checks.first(), result=CheckResult.NOT_MET, note="Nuk është shtetas", actor=hr_officer
    )
    with pytest.raises(services.VerificationError):
        services.shortlist_publish(position=position, actor=hr_officer)
    assert not Shortlist.objects.exists() and not Message.objects.exists()
    services.review_decide(
        review=cana,
        decision=Decision.NOT_ELIGIBLE,
        reasons=[Reason.OTHER_REQUIREMENT],
        explanation="Nuk plotëson kushtin e shtetësisë (R-9.1.4).",
        actor=hr_officer,
    )
    assert [
        e["last_name"] for e in services.shortlist_publish(position=position, actor=hr_officer).entries
    ] == ["Çeku"]


def test_r18_4_the_published_list_follows_the_albanian_alphabet(position, hr_officer):
    names = [
        "Zhuri",
        "Çeku",
        "Llapi",
        "Cana",
        "Gjoni",
        "Dushi",
        "Ëmini",
        "Dhima",
        "Zeka",
        "Ely",
        "Lika",
        "Gashi",
    ]
    for name in names:
        submitted(position, last_name=name)
    services.reviews_open(position=position, actor=hr_officer)
    Check.objects.update(result=CheckResult.MET)  # every criterion met: the order is what this test is about
    assert services.reviews_bulk_eligible(position=position, actor=hr_officer) == 12
    shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    expected = [
        "Cana",
        "Çeku",
        "Dushi",
        "Dhima",
        "Ely",
        "Ëmini",
        "Gashi",
        "Gjoni",
        "Lika",
        "Llapi",
        "Zeka",
        "Zhuri",
    ]
    assert [e["last_name"] for e in shortlist.entries] == expected
    assert [a.review.last_name for a in eligible_applications(position)] == expected
