"""The evaluation of one position (R-19 … R-23): its scheme, the admitted candidates with their anonymous
codes, the written test (questions, sealing, the electronic sitting) and the interview sheets.

The arithmetic lives in rules.py and the schemes in schemes.py; every change goes through services.py.
"""

import secrets

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import schemes

# Codes are read from a slip and typed: no 0/O, 1/I/L. 32 symbols × 12 = 60 bits, drawn by `secrets`.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a candidate types, as stored: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Written test being drafted")
    SEALED = "sealed", _("Written test sealed")
    SITTING = "sitting", _("Written test sitting")
    WRITTEN_LOCKED = "written_locked", _("Written results locked")
    DOCUMENTS = (
        "documents",
        _("Evaluation of documents"),
    )  # F1 item 13: the documents step, before the interview
    INTERVIEWS = "interviews", _("Interviews")
    COMPLETE = "complete", _("Evaluation complete")  # every sheet in: results frozen
    PUBLISHED = "published", _("Results published")  # the act and the qualified list are public


# The evaluation's workflow: the only moves a service may make (services.py).
EVALUATION_TRANSITIONS = {
    EvaluationStatus.DRAFT: {EvaluationStatus.SEALED},
    # From a sealed test: an electronic sitting here, or results imported from another testing system.
    EvaluationStatus.SEALED: {EvaluationStatus.SITTING, EvaluationStatus.WRITTEN_LOCKED},
    EvaluationStatus.SITTING: {EvaluationStatus.WRITTEN_LOCKED},
    EvaluationStatus.WRITTEN_LOCKED: {EvaluationStatus.INTERVIEWS},
    EvaluationStatus.INTERVIEWS: {EvaluationStatus.COMPLETE},
    EvaluationStatus.COMPLETE: {EvaluationStatus.PUBLISHED},
    EvaluationStatus.PUBLISHED: set(),
}
# F1 (no written test): the documents step first, then the interview (F1 item 13). K23 (regulation 03/2017):
# the shortlist, then the interview only, so the interview opens from the draft.
EVALUATION_TRANSITIONS[EvaluationStatus.DRAFT] = {
    EvaluationStatus.SEALED,
    EvaluationStatus.DOCUMENTS,
    EvaluationStatus.INTERVIEWS,
}
EVALUATION_TRANSITIONS[EvaluationStatus.DOCUMENTS] = {EvaluationStatus.INTERVIEWS}


class Evaluation(models.Model):
    """The committee's evaluation of one position (R-19.1), with the scheme frozen when it starts."""

    position = models.OneToOneField(
        "vacancies.Position", on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("position")
    )
    scheme_key = models.CharField(_("evaluation scheme"), max_length=40)
    # Scheme.as_dict(): a later change of a preset rewrites no evaluation under way.
    scheme_data = models.JSONField(_("scheme (snapshot)"))
    category = models.CharField(_("category"), max_length=20)
    # when the announcement requires a foreign language, the test has a fourth section.
    foreign_language = models.CharField(_("foreign language required"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
        editable=False,
    )
    test_sha256 = models.CharField(_("SHA-256 of the sealed test"), max_length=64, blank=True, editable=False)
    test_snapshot = models.JSONField(_("test snapshot"), null=True, blank=True, editable=False)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True, editable=False)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sealed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    sitting_opens_at = models.DateTimeField(_("sitting opened at"), null=True, blank=True, editable=False)
    sitting_closes_at = models.DateTimeField(_("sitting closes at"), null=True, blank=True, editable=False)
    written_locked_at = models.DateTimeField(
        _("written results locked at"), null=True, blank=True, editable=False
    )
    # the day the chair set the interview's questions, which is the day of the interview.
    interview_on = models.DateField(_("day of the interview"), null=True, blank=True, editable=False)
    written_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written locked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The lot of, committed like the committee's draw (committees.rules): the portal draws a secret
    # value when the last step opens and publishes its SHA-256; the value is revealed with the results and
    # enters the seed.
    lot_commitment = models.CharField(
        _("commitment to the lot's value"), max_length=64, blank=True, editable=False
    )
    # Secret until the results.
    lot_value = models.CharField(_("lot value"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(sitting_closes_at__isnull=True)
                | Q(sitting_closes_at__gt=models.F("sitting_opens_at")),
                name="evaluation_sitting_ends_after_start",
            ),
        ]

    def __str__(self):
        return str(self.position)

    @property
    def scheme(self) -> schemes.Scheme:
        return schemes.custom_scheme(**self.scheme_data)

    @property
    def with_language(self) -> bool:
        return bool(self.foreign_language)

    @property
    def names_visible(self) -> bool:
        """R-20.3, R-21.11: the committee sees codes only until it locks the written results. Without a
        written test (F1: the documents are a CV and diplomas) there is nothing anonymous to protect."""
        return self.written_locked_at is not None or not any(
            step.get("key") == "written" for step in (self.scheme_data or {}).get("steps", [])
        )

    def sitting_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == EvaluationStatus.SITTING
            and self.sitting_opens_at is not None
            and self.sitting_opens_at <= now < self.sitting_closes_at
        )

    def sitting_has_ended(self, now=None) -> bool:
        now = now or timezone.now()
        return self.sitting_closes_at is not None and now >= self.sitting_closes_at


class Section(models.TextChoices):
    # –7.3 / R-21.7.1–7.3, and
    GENERAL_KNOWLEDGE = schemes.SECTION_GENERAL_KNOWLEDGE, _("General knowledge")
    GENERAL_SKILLS = schemes.SECTION_GENERAL_SKILLS, _("General abilities and skills")
    JOB_KNOWLEDGE = schemes.SECTION_JOB_KNOWLEDGE, _("Knowledge of the position")
    FOREIGN_LANGUAGE = schemes.SECTION_FOREIGN_LANGUAGE, _("Foreign language")


class TestQuestion(models.Model):
    """One multiple-choice question of the written test, with one or more correct options (R-20.6, R-21.6)."""

    __test__ = False  # not a pytest class

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="test_questions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"))  # a list of texts, shown in this order
    correct = models.JSONField(_("correct options"))  # a list of indexes into options
    weight = models.DecimalField(_("weight (points)"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["evaluation", "number"]
        verbose_name = _("written-test question")
        verbose_name_plural = _("written-test questions")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="test_question_number_once")
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class EvaluationCandidate(models.Model):
    """A candidate admitted to the evaluation phase, known to the committee by ``code`` until the lock
    (R-20.3)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="candidates"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="evaluation_entries",
    )
    # The name as the published shortlist has it (R-18.4: the review's, from the submission), kept when the
    # candidate is admitted: the committee's lists and the results name and order candidates by it (an
    # index in its order, migration 0012) and not by the profile, which the person may change meanwhile.
    # Emptied by the person's erasure (scoring.erasure.candidates_anonymise). Shown only once names may be
    #
    first_name = models.CharField(_("first name"), max_length=100, blank=True, editable=False)
    last_name = models.CharField(_("last name"), max_length=100, blank=True, editable=False)
    # The one-time code of the written test, random (not derived from anything) and unique. Unique across
    # evaluations too, so the public sitting page finds it by the code alone.
    code = models.CharField(
        _("anonymous code"), max_length=CODE_LENGTH, unique=True, default=new_code, editable=False
    )
    admitted_at = models.DateTimeField(_("admitted at"), default=timezone.now, editable=False)
    # The electronic sitting: answers are saved on every submit; {question id: [option indexes]}.
    answers = models.JSONField(_("answers"), default=dict, blank=True, editable=False)
    sitting_started_at = models.DateTimeField(_("sitting started at"), null=True, blank=True, editable=False)
    handed_in_at = models.DateTimeField(_("handed in at"), null=True, blank=True, editable=False)
    written_score = models.DecimalField(
        _("written test"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    # "sitting" or "import".
    written_source = models.CharField(_("written source"), max_length=10, blank=True, editable=False)
    invited_to_interview = models.BooleanField(_("invited to the interview"), default=False, editable=False)
    # the chair records that an invited candidate did not come to the interview; never ranked
    #
    absent_from_interview_at = models.DateTimeField(
        _("recorded absent from the interview at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["evaluation", "code"]
        verbose_name = _("candidate in the evaluation")
        verbose_name_plural = _("candidates in the evaluation")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "application"], name="candidate_once_per_evaluation"
            ),
        ]

    def __str__(self):
        return self.code  # never the name: this string may end up on a committee page


class InterviewQuestion(models.Model):
    """The interview's questions, the same for all candidates (R-22.4, R-23.4)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="interview_questions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))
    maximum = models.DecimalField(_("maximum"), max_digits=6, decimal_places=2)
    in_foreign_language = models.BooleanField(
        _("asked in the foreign language"), default=False
    )

    class Meta:
        ordering = ["evaluation", "number"]
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="interview_question_once")
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    SUBMITTED = "submitted", _("Submitted")


class SheetStep(models.TextChoices):
    DOCUMENTS = (
        "documents",
        _("Evaluation of documents"),
    )  # F1 item 13: marks keyed cv|education|training|experience
    INTERVIEW = "interview", _("Oral interview")  # marks keyed by question number ("1", "2", ...)


class InterviewSheet(models.Model):
    """One member's marks for one candidate in one step (R-22.7, R-23.7: each member marks each question;
    F1 item 13: each member marks the four criteria of the documents)."""

    candidate = models.ForeignKey(
        EvaluationCandidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="sheets"
    )
    seat = models.ForeignKey(
        "committees.Seat", verbose_name=_("seat"), on_delete=models.PROTECT, related_name="interview_sheets"
    )
    step = models.CharField(_("step"), max_length=20, choices=SheetStep.choices, default=SheetStep.INTERVIEW)
    # {"1": "5.50", ...} (question numbers as text) or {"cv": "4.00", "education": ...} for documents
    marks = models.JSONField(_("marks"), default=dict, blank=True)
    # {"1": "short reason", ...}
    justifications = models.JSONField(_("justifications"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("last corrected at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["candidate", "step", "seat"]
        verbose_name = _("marking sheet")
        verbose_name_plural = _("marking sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "seat", "step"], name="one_sheet_per_member_candidate_and_step"
            )
        ]

    def __str__(self):
        return f"{self.candidate.code} · {self.step} · {self.seat_id}"


class EvaluationResult(models.Model):
    """The frozen results of an evaluation (R-24, R-25.1, R-27): computed once, when every sheet is in, and
    never recomputed. Rows hold the exact values as text (``str(Fraction)``, e.g. "211/3") and the shown
    ones."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="result", verbose_name=_("evaluation")
    )
    scheme_data = models.JSONField(_("scheme (snapshot)"))
    # [{"candidate_id", "application_id", "rank", "documents", "written", "interview", "total" (exact text or
    #   null), "reached_interview", "qualified", "winner", "tie_rule", "stopped_at"}], in rank order.
    rows = models.JSONField(_("rows"), default=list)
    # How many rows are qualified (R-25.2's public list), kept by save() with the rows of ResultEntry.
    qualified_count = models.PositiveIntegerField(_("qualified candidates"), default=0, editable=False)
    # The draw by lot of: the public parts of the seed, the seed, the algorithm, and the R-27 inputs.
    lot = models.JSONField(_("lot"), default=dict)
    tie_context = models.JSONField(_("tie context"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("computed by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    act_number = models.CharField(_("number of the act"), max_length=60, blank=True)
    # each exclusion after the results were frozen recomputes ``rows``; the act and, once published,
    # the public list say so: [{"at", "application_id", "reference", "article", "published", "by"}], oldest
    # first.
    corrections = models.JSONField(_("corrections"), default=list, blank=True, editable=False)
    # "Komisioni i pranimit ... harton dhe miraton aktin": the chair drafts it (completion), every
    # member sitting on the committee approves it (ActApproval); approved when all have. "Lista i dërgohet
    # NJMBNJ brenda ditës pasuese të punës nga miratimi i saj": the portal sends it to HR on approval and
    # keeps the last day.
    approved_at = models.DateTimeField(
        _("act approved by the committee at"), null=True, blank=True, editable=False
    )
    sent_to_hr_at = models.DateTimeField(_("sent to HR at"), null=True, blank=True, editable=False)
    hr_due_on = models.DateField(_("due to HR by (R-25.1)"), null=True, blank=True, editable=False)
    # R-25.4, issue 13: the candidates' notices of a publication (and of each correction, R-9.3) are a mass
    # notice of the outbox (notifications.NoticeRun, scoring/services/notices.py), with its progress.

    class Meta:
        verbose_name = _("results of an evaluation")
        verbose_name_plural = _("results of evaluations")

    def __str__(self):
        return str(self.evaluation)

    def save(self, *args, **kwargs):
        """Saving ``rows`` (the freezing, a correction of R-9.3) writes them a row each too (ResultEntry) and
        the qualified's count, in the same transaction: the public list reads its page of rows by (result,
        place among the qualified), where slicing the JSON made PostgreSQL detoast and expand the whole array
        at each request (21 ms at 10,000 candidates; issue 13)."""
        update_fields = kwargs.get("update_fields")
        writes = "rows" not in self.get_deferred_fields() and (
            update_fields is None or "rows" in update_fields
        )
        if writes:
            self.qualified_count = sum(1 for row in self.rows if row.get("qualified"))
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "qualified_count"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            if writes:
                ResultEntry.store(self)


class ResultEntry(models.Model):
    """One row of frozen results: ``EvaluationResult.rows[order - 1]``, a row each (issue 13), rewritten with
    the rows by EvaluationResult.save (a correction of R-9.3 recomputes them all). ``qualified_place``
    numbers the qualified (R-25.2's public list) 1, 2, … in rank order; None for the others. Only the public
    list reads it; the JSON stays the record every other reader uses."""

    # Indexed by the unique (result, order) (its first column).
    result = models.ForeignKey(
        EvaluationResult,
        on_delete=models.CASCADE,
        related_name="row_entries",
        db_index=False,
        verbose_name=_("results of an evaluation"),
    )
    order = models.PositiveIntegerField(_("order"))
    qualified_place = models.PositiveIntegerField(_("place among the qualified"), null=True, blank=True)
    data = models.JSONField(_("row"))

    class Meta:
        verbose_name = _("row of results")
        verbose_name_plural = _("rows of results")
        constraints = [
            models.UniqueConstraint(fields=["result", "order"], name="result_entry_order"),
            models.UniqueConstraint(
                fields=["result", "qualified_place"], name="result_entry_qualified_place"
            ),
        ]

    def __str__(self):
        return f"{self.result_id} · {self.order}"

    @staticmethod
    def store(result: EvaluationResult) -> None:
        """(Re)write the rows of ``result`` from its saved rows: on PostgreSQL one INSERT … SELECT from the
        stored array (no row built in Python), elsewhere in bulk."""
        ResultEntry.objects.filter(result_id=result.pk).delete()
        if connection.vendor != "postgresql":
            entries, place = [], 0
            for order, row in enumerate(result.rows, start=1):
                place += bool(row.get("qualified"))
                entries.append(
                    ResultEntry(
                        result_id=result.pk,
                        order=order,
                        qualified_place=place if row.get("qualified") else None,
                        data=row,
                    )
                )
            ResultEntry.objects.bulk_create(entries, batch_size=1000)
            return
        qn = connection.ops.quote_name
        qualified = "coalesce((e.value->>'qualified')::boolean, false)"
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO {qn(ResultEntry._meta.db_table)} (result_id, "order", qualified_place, data) '
                f"SELECT r.id, e.i, CASE WHEN {qualified} THEN count(*) FILTER (WHERE {qualified}) "
                "OVER (ORDER BY e.i) END, e.value "
                f"FROM {qn(EvaluationResult._meta.db_table)} r "
                "CROSS JOIN LATERAL jsonb_array_elements(r.rows) WITH ORDINALITY AS e(value, i) "
                "WHERE r.id = %s",
                [result.pk],
            )


class ActApproval(models.Model):
    """One committee member's approval of the act closing the competition (R-25.1), given on their own
    page."""

    result = models.ForeignKey(
        EvaluationResult, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("results")
    )
    seat = models.ForeignKey(
        "committees.Seat", on_delete=models.PROTECT, related_name="act_approvals", verbose_name=_("seat")
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        ordering = ["result", "approved_at", "id"]
        verbose_name = _("approval of the act")
        verbose_name_plural = _("approvals of the act")
        constraints = [models.UniqueConstraint(fields=["result", "seat"], name="act_approved_once_per_seat")]

    def __str__(self):
        return f"{self.result} · {self.seat_id}"


class Representation(models.Model):
    """An institution's staff of one category of positions at the start of a year, as HR declares it: what
    R-27.1 compares with the quotas ("if that representation is below the reserved quota") and R-28 monitors
    yearly."""

    institution = models.ForeignKey(
        "vacancies.Institution",
        on_delete=models.CASCADE,
        related_name="representation",
        verbose_name=_("institution"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20)
    staff = models.PositiveIntegerField(_("civil servants in the category"))
    with_disability = models.PositiveIntegerField(_("of whom persons with disabilities"), default=0)
    non_majority = models.PositiveIntegerField(_("of whom members of non-majority communities"), default=0)
    women = models.PositiveIntegerField(_("of whom women"), default=0)
    men = models.PositiveIntegerField(_("of whom men"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["institution", "-year", "category"]
        verbose_name = _("representation figures")
        verbose_name_plural = _("representation figures")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "category"], name="representation_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(with_disability__lte=models.F("staff"))
                & Q(non_majority__lte=models.F("staff"))
                & Q(women__lte=models.F("staff"))
                & Q(men__lte=models.F("staff")),
                name="representation_parts_within_staff",
            ),
        ]

    def __str__(self):
        return f"{self.institution} · {self.year} · {self.category}"
