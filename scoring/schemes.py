"""Evaluation schemes as data: steps, maxima, gates, the pass mark and who wins.

The presets copy the sources article by article; ``custom_scheme`` lets HR compose a scheme where the source
names none (K23). Every scheme, preset or custom, is checked on construction, and a broken rule raises
``SchemeError`` whose ``rule`` says which one. Points are ``Decimal`` (never float); nothing is rounded.
"""

from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COMBINE_MEAN_OF_MEMBERS = "mean_of_members"  # every member fills a sheet; the step is the mean of the sheets
COMBINE_SINGLE = "single"  # one score for the step (the written test, scored electronically, R-20.3)
COMBINE_SUM_OF_CRITERIA = "sum_of_criteria"  # one sheet of criteria, added up
COMBINES = (COMBINE_MEAN_OF_MEMBERS, COMBINE_SINGLE, COMBINE_SUM_OF_CRITERIA)

WINNERS_QUALIFIED_LIST = "qualified_list"  # everyone qualified, in rank order
WINNERS_BEST_QUALIFIED = "best_qualified"  # the best candidate, if qualified
WINNERS_TOP_N = "top_n"  # F1: the top three are presented to the deciding authority
WINNERS_RULES = (WINNERS_QUALIFIED_LIST, WINNERS_BEST_QUALIFIED, WINNERS_TOP_N)

COMPARISONS = (">=", ">")

STEP_LABELS = {
    "documents": gettext_lazy("Evaluation of documents"),
    "written": gettext_lazy("Written test"),
    "interview": gettext_lazy("Oral interview"),
}


class SchemeError(ValueError):
    """A scheme that breaks one of its rules; ``rule`` names the rule (a stable code, for forms and tests)."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


def to_points(value, *, what: str = "points") -> Decimal:
    """An exact number of points: int, str or Decimal (a float is refused: 0.1 is not a tenth in binary)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise SchemeError(
            "exact-number",
            _("%(what)s must be an exact number, not %(value)r.") % {"what": what, "value": value},
        )
    if isinstance(value, Fraction):
        result = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(result) != value:
            raise SchemeError("exact-number", _("%(what)s must be a decimal number.") % {"what": what})
        return result
    try:
        result = Decimal(value) if isinstance(value, int | str | Decimal) else None
    except InvalidOperation:
        result = None
    if result is None or not result.is_finite():
        raise SchemeError(
            "exact-number", _("%(what)s must be a number, not %(value)r.") % {"what": what, "value": value}
        )
    return result


@dataclass(frozen=True)
class Criterion:
    """One line of a marking sheet with its own maximum (F1: CV 5, education 15, training 5, experience
    15)."""

    key: str
    maximum: Decimal

    def __post_init__(self):
        object.__setattr__(self, "maximum", to_points(self.maximum, what=f"criterion {self.key!r}"))


@dataclass(frozen=True)
class Questions:
    """The interview questions: their number and the maximum of each (R-23.5: 5 × 6).

    ``fixed``: the source fixes them (R-22.5, R-23.5), so the committee may not change them; F1 only says
    "every question has a set number of points" and the total is 60, so the committee sets them.
    ``in_foreign_language``: how many must be asked in the foreign language when one is required (R-22.6,
    R-23.6).
    """

    maxima: tuple[Decimal, ...]
    fixed: bool = True
    in_foreign_language: int | None = None

    def __post_init__(self):
        object.__setattr__(
            self, "maxima", tuple(to_points(m, what="a question's maximum") for m in self.maxima)
        )

    @classmethod
    def uniform(cls, count: int, maximum_each, **kwargs) -> "Questions":
        return cls(maxima=(to_points(maximum_each),) * count, **kwargs)

    @property
    def count(self) -> int:
        return len(self.maxima)


@dataclass(frozen=True)
class Step:
    key: str
    maximum: Decimal
    gate: Decimal | None = None  # points needed in THIS step to go on to the next one
    combine: str = COMBINE_SINGLE
    criteria: tuple[Criterion, ...] = ()
    questions: Questions | None = None

    def __post_init__(self):
        object.__setattr__(self, "maximum", to_points(self.maximum, what=f"the maximum of step {self.key!r}"))
        if self.gate is not None:
            object.__setattr__(self, "gate", to_points(self.gate, what=f"the gate of step {self.key!r}"))
        object.__setattr__(self, "criteria", tuple(self.criteria))
        _check_step(self)

    @property
    def label(self) -> str:
        return STEP_LABELS.get(self.key, self.key)

    @property
    def sheet_maxima(self) -> dict[str, Decimal]:
        """The lines of one member's sheet and their maxima; empty when a member gives one mark for the
        step."""
        if self.criteria:
            return {c.key: c.maximum for c in self.criteria}
        if self.questions:
            return {str(i): m for i, m in enumerate(self.questions.maxima, start=1)}
        return {}


@dataclass(frozen=True)
class Scheme:
    key: str
    steps: tuple[Step, ...]
    final_threshold: Decimal
    final_comparison: str = ">="
    winners_rule: str = WINNERS_QUALIFIED_LIST
    top_n: int | None = None  # only with winners_rule "top_n"
    articles: dict = field(default_factory=dict, compare=False)  # where each figure comes from, for the docs

    def __post_init__(self):
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(
            self, "final_threshold", to_points(self.final_threshold, what="the final threshold")
        )
        _check_scheme(self)

    @property
    def maximum(self) -> Decimal:
        return sum((step.maximum for step in self.steps), Decimal(0))

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def as_dict(self) -> dict:
        """Plain data (numbers as text) to store a scheme; ``custom_scheme(**data)`` rebuilds it."""
        data = asdict(self)
        data.pop("articles")
        return _texts(data)


def _texts(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _texts(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_texts(v) for v in value]
    return value


def _check_step(step: Step) -> None:
    if not step.key or not step.key.replace("_", "").replace("-", "").isalnum():
        raise SchemeError("step-key", _("A step needs a key of letters, digits, '-' or '_'."))
    if step.maximum <= 0:
        raise SchemeError(
            "step-maximum-positive",
            _("The maximum of step %(step)s must be above zero.") % {"step": step.key},
        )
    if step.gate is not None and not 0 < step.gate <= step.maximum:
        raise SchemeError(
            "gate-within-maximum",
            _("The gate of step %(step)s must be above zero and at most its maximum %(maximum)s.")
            % {"step": step.key, "maximum": step.maximum},
        )
    if step.combine not in COMBINES:
        raise SchemeError(
            "combine-known",
            _("Step %(step)s combines marks by an unknown rule %(combine)r.")
            % {"step": step.key, "combine": step.combine},
        )
    if step.criteria and step.questions:
        raise SchemeError(
            "sheet-criteria-or-questions",
            _("Step %(step)s is marked either by criteria or by questions, not both.") % {"step": step.key},
        )
    if step.combine == COMBINE_SUM_OF_CRITERIA and not step.criteria:
        raise SchemeError(
            "sum-needs-criteria", _("Step %(step)s adds up criteria but has none.") % {"step": step.key}
        )
    keys = [c.key for c in step.criteria]
    if len(set(keys)) != len(keys) or not all(keys):
        raise SchemeError(
            "criteria-distinct", _("The criteria of step %(step)s need distinct names.") % {"step": step.key}
        )
    parts = [c.maximum for c in step.criteria] or (list(step.questions.maxima) if step.questions else [])
    if any(part <= 0 for part in parts):
        raise SchemeError(
            "part-maximum-positive",
            _("Every criterion and question of step %(step)s must be worth more than zero.")
            % {"step": step.key},
        )
    if parts and sum(parts) != step.maximum:
        raise SchemeError(
            "parts-add-up",
            _("The criteria or questions of step %(step)s add up to %(sum)s, not to its maximum %(maximum)s.")
            % {"step": step.key, "sum": sum(parts), "maximum": step.maximum},
        )
    language = step.questions.in_foreign_language if step.questions else None
    if language is not None and not 0 < language <= step.questions.count:
        raise SchemeError(
            "language-questions",
            _("Step %(step)s cannot ask %(n)s of its questions in a foreign language.")
            % {"step": step.key, "n": language},
        )


def _check_scheme(scheme: Scheme) -> None:
    if not scheme.key:
        raise SchemeError("scheme-key", _("A scheme needs a key."))
    if not scheme.steps:
        raise SchemeError("steps-present", _("A scheme needs at least one step."))
    keys = [step.key for step in scheme.steps]
    if len(set(keys)) != len(keys):
        raise SchemeError("steps-distinct", _("Two steps of a scheme cannot share a key."))
    if scheme.steps[-1].gate is not None:
        raise SchemeError(
            "last-step-no-gate",
            _("The last step, %(step)s, cannot have a gate: there is no next step to reach.")
            % {"step": scheme.steps[-1].key},
        )
    if scheme.final_comparison not in COMPARISONS:
        raise SchemeError("comparison-known", _("The final threshold is compared with '>=' or '>'."))
    reachable = (
        scheme.final_threshold <= scheme.maximum
        if scheme.final_comparison == ">="
        else scheme.final_threshold < scheme.maximum
    )
    if scheme.final_threshold < 0 or not reachable:
        raise SchemeError(
            "threshold-reachable",
            _("The final threshold %(threshold)s cannot be reached with %(maximum)s points at most.")
            % {"threshold": scheme.final_threshold, "maximum": scheme.maximum},
        )
    if scheme.winners_rule not in WINNERS_RULES:
        raise SchemeError(
            "winners-rule-known", _("Unknown rule for the winners: %(rule)r.") % {"rule": scheme.winners_rule}
        )
    if (scheme.winners_rule == WINNERS_TOP_N) != (scheme.top_n is not None):
        raise SchemeError(
            "top-n-with-rule", _("A number of winners goes with the rule 'top_n' and only with it.")
        )
    if scheme.top_n is not None and (
        isinstance(scheme.top_n, bool) or not isinstance(scheme.top_n, int) or scheme.top_n < 1
    ):
        raise SchemeError("top-n-positive", _("The number of winners presented must be at least one."))


# The presets. Each figure carries the article it comes from.


def _kqz_70_30(key: str) -> Scheme:
    return Scheme(
        key=key,
        steps=(
            # written test up to 70 % of the total: scored electronically, so one score.
            # only candidates with at least 40 points in the written test go on to the interview.
            Step("written", maximum=70, gate=40, combine=COMBINE_SINGLE),
            # 5 questions of at most 6 points: at most 30: the mean of all members;
            # 2 of the 5 in the foreign language when one is required.
            Step(
                "interview",
                maximum=30,
                combine=COMBINE_MEAN_OF_MEMBERS,
                questions=Questions.uniform(5, 6, fixed=True, in_foreign_language=2),
            ),
        ),
        final_threshold=70,
        final_comparison=">=",  # "70 points and more" are qualified
        # the qualified list, winners choose in rank order
        winners_rule=WINNERS_QUALIFIED_LIST,
        articles={
            "written": "R-20.4",
            "gate": "R-23.2",
            "interview": "R-23.5, R-23.8, R-23.9",
            "threshold": "R-25.2",
            "total": "R-24",
        },
    )


KQZ_PROFESSIONAL = _kqz_70_30("kqz-professional")
KQZ_SPECIALIST = _kqz_70_30("kqz-specialist")

KQZ_MANAGEMENT = Scheme(
    key="kqz-management",
    steps=(
        # written test up to 60 %: at least 30 points to reach the interview.
        Step("written", maximum=60, gate=30, combine=COMBINE_SINGLE),
        # 5 questions of at most 8 points: at most 40: mean of all members.
        Step(
            "interview",
            maximum=40,
            combine=COMBINE_MEAN_OF_MEMBERS,
            questions=Questions.uniform(5, 8, fixed=True, in_foreign_language=2),
        ),
    ),
    # R-25.2 qualifies at "70 points and more". R-31.1 says "the highest points and above the minimum
    # threshold of 70 %" ("mbi pragun minimal"): we read a *minimum* threshold as reached at 70, as R-25.2
    # does; should the institution read "mbi" as strictly above, final_comparison becomes ">".
    final_threshold=70,
    final_comparison=">=",
    winners_rule=WINNERS_BEST_QUALIFIED,  # the best-scored qualified candidate is appointed
    articles={
        "written": "R-21.4",
        "gate": "R-22.2",
        "interview": "R-22.5, R-22.8, R-22.9",
        "threshold": "R-25.2, R-31.1",
        "winner": "R-31.1",
        "total": "R-24",
    },
)

F1 = Scheme(
    key="f1",
    steps=(
        # F1 item 13: 40 points for the documents: CV 5, education/qualification 15, training 5, experience
        # 15. F1 names no gate between the steps. It says "the evaluation is done by the committee" of 3 and
        # not how members' marks combine: decision, as for, the mean of the members' sheets.
        Step(
            "documents",
            maximum=40,
            combine=COMBINE_MEAN_OF_MEMBERS,
            criteria=(
                Criterion("cv", 5),
                Criterion("education", 15),
                Criterion("training", 5),
                Criterion("experience", 15),
            ),
        ),
        # F1 item 13: a structured interview of 60 points; "every question has a set number of points" and the
        # number of questions is "several": default 5 × 12, the committee sets its own (with_question_maxima).
        Step(
            "interview",
            maximum=60,
            combine=COMBINE_MEAN_OF_MEMBERS,
            questions=Questions.uniform(5, 12, fixed=False),
        ),
    ),
    # F1 item 13: "candidates who do not get more than 70 points are disqualified": 70 fails, above 70
    # qualifies.
    final_threshold=70,
    final_comparison=">",
    winners_rule=WINNERS_TOP_N,
    top_n=3,  # F1 item 13: the three best are presented to the deciding authority
    articles={
        "documents": "F1 item 13",
        "interview": "F1 item 13",
        "threshold": "F1 item 13",
        "winner": "F1 item 13",
    },
)

PRESETS = {scheme.key: scheme for scheme in (KQZ_PROFESSIONAL, KQZ_SPECIALIST, KQZ_MANAGEMENT, F1)}


def preset(key: str) -> Scheme:
    try:
        return PRESETS[key]
    except KeyError:
        raise SchemeError("preset-known", _("There is no preset scheme %(key)r.") % {"key": key}) from None


def custom_scheme(
    *,
    key: str,
    steps,
    final_threshold,
    final_comparison: str = ">=",
    winners_rule: str = WINNERS_QUALIFIED_LIST,
    top_n: int | None = None,
) -> Scheme:
    """A scheme HR composes where the source names none (K23), from plain data (a form, JSON, ``as_dict``).

    ``steps`` is a list of mappings with ``key``, ``maximum`` and optionally ``gate``, ``combine``,
    ``criteria`` (a list of ``{"key", "maximum"}``) and ``questions`` (``{"maxima": [...], "fixed",
    "in_foreign_language"}``); ``Step`` objects are taken as they are. Raises ``SchemeError``.
    """
    if isinstance(steps, dict | str) or not hasattr(steps, "__iter__"):
        raise SchemeError("steps-present", _("The steps must be a list."))
    built = []
    for raw in steps:
        if isinstance(raw, Step):
            built.append(raw)
            continue
        if not isinstance(raw, dict) or "key" not in raw or "maximum" not in raw:
            raise SchemeError("step-key", _("Every step needs a key and a maximum."))
        unknown = set(raw) - {"key", "maximum", "gate", "combine", "criteria", "questions"}
        if unknown:
            raise SchemeError(
                "step-fields",
                _("Unknown fields in step %(step)s: %(fields)s.")
                % {"step": raw["key"], "fields": ", ".join(sorted(unknown))},
            )
        questions = raw.get("questions")
        if questions is not None and not isinstance(questions, Questions):
            questions = Questions(
                maxima=tuple(questions["maxima"]),
                fixed=questions.get("fixed", True),
                in_foreign_language=questions.get("in_foreign_language"),
            )
        criteria = tuple(
            c if isinstance(c, Criterion) else Criterion(c["key"], c["maximum"])
            for c in raw.get("criteria") or ()
        )
        built.append(
            Step(
                key=raw["key"],
                maximum=raw["maximum"],
                gate=raw.get("gate"),
                combine=raw.get("combine", COMBINE_SINGLE),
                criteria=criteria,
                questions=questions,
            )
        )
    return Scheme(
        key=key,
        steps=tuple(built),
        final_threshold=final_threshold,
        final_comparison=final_comparison,
        winners_rule=winners_rule,
        top_n=top_n,
    )


def with_question_maxima(scheme: Scheme, step_key: str, maxima) -> Scheme:
    """The scheme with the committee's own points per question (F1: "every question has a set number of
    points").

    Refused where the regulation fixes the questions (R-22.5, R-23.5: five questions of 8 or 6 points).
    """
    step = scheme.step(step_key)
    if step.questions is None:
        raise SchemeError(
            "step-has-questions", _("Step %(step)s is not marked by questions.") % {"step": step_key}
        )
    if step.questions.fixed:
        raise SchemeError(
            "questions-fixed",
            _("The questions of step %(step)s are fixed by the regulation (R-22.5, R-23.5).")
            % {"step": step_key},
        )
    maxima = tuple(maxima)
    if not maxima:
        raise SchemeError("questions-present", _("An interview needs at least one question."))
    questions = replace(step.questions, maxima=maxima)
    steps = tuple(replace(s, questions=questions) if s.key == step_key else s for s in scheme.steps)
    return replace(scheme, steps=steps)


# The written test's composition, by category of the position (R-20 professional/specialist, R-21 management).
SECTION_GENERAL_KNOWLEDGE = "general_knowledge"
SECTION_GENERAL_SKILLS = "general_skills"
SECTION_JOB_KNOWLEDGE = "job_knowledge"
SECTION_FOREIGN_LANGUAGE = "foreign_language"
SECTIONS = (
    SECTION_GENERAL_KNOWLEDGE,
    SECTION_GENERAL_SKILLS,
    SECTION_JOB_KNOWLEDGE,
    SECTION_FOREIGN_LANGUAGE,
)
# –7.3 / R-21.7.1–7.3, and: what a reader sees for each section.
SECTION_LABELS = {
    SECTION_GENERAL_KNOWLEDGE: gettext_lazy("General knowledge"),
    SECTION_GENERAL_SKILLS: gettext_lazy("General abilities and skills"),
    SECTION_JOB_KNOWLEDGE: gettext_lazy("Knowledge of the position"),
    SECTION_FOREIGN_LANGUAGE: gettext_lazy("Foreign language"),
}


@dataclass(frozen=True)
class WrittenComposition:
    article: str  # "R-20" or "R-21": the paragraphs below are cited as article.paragraph
    maximum: Decimal  # paragraph 4
    min_questions: int  # paragraph 9
    max_questions: int
    shares: dict  # paragraph 7: share of the maximum per section
    shares_with_language: dict  # paragraph 8: when a foreign language is required
    language_mandatory: bool = True  # R-20.8 "është"; R-21.8 "mund të jetë" (optional)


R20_COMPOSITION = WrittenComposition(
    article="R-20",
    maximum=Decimal(70),
    min_questions=50,
    max_questions=70,
    shares={
        SECTION_GENERAL_KNOWLEDGE: Decimal("0.25"),
        SECTION_GENERAL_SKILLS: Decimal("0.35"),
        SECTION_JOB_KNOWLEDGE: Decimal("0.40"),
    },
    shares_with_language={
        SECTION_GENERAL_KNOWLEDGE: Decimal("0.20"),
        SECTION_GENERAL_SKILLS: Decimal("0.25"),
        SECTION_JOB_KNOWLEDGE: Decimal("0.25"),
        SECTION_FOREIGN_LANGUAGE: Decimal("0.30"),
    },
)
R21_COMPOSITION = WrittenComposition(
    article="R-21",
    maximum=Decimal(60),
    min_questions=30,
    max_questions=50,
    shares={
        SECTION_GENERAL_KNOWLEDGE: Decimal("0.15"),
        SECTION_GENERAL_SKILLS: Decimal("0.35"),
        SECTION_JOB_KNOWLEDGE: Decimal("0.50"),
    },
    # says the composition with a language "may be" ("mund të jetë") 10/20/30/40, where says
    # "is": optional, the committee may keep R-21.7's (rules.written_test_problems).
    shares_with_language={
        SECTION_GENERAL_KNOWLEDGE: Decimal("0.10"),
        SECTION_GENERAL_SKILLS: Decimal("0.20"),
        SECTION_JOB_KNOWLEDGE: Decimal("0.30"),
        SECTION_FOREIGN_LANGUAGE: Decimal("0.40"),
    },
    language_mandatory=False,
)
# Keys are vacancies.models.Category values (not imported: this module stays free of models).
WRITTEN_COMPOSITIONS = {
    "professional": R20_COMPOSITION,
    "specialist": R20_COMPOSITION,
    "lower_management": R21_COMPOSITION,
    "middle_management": R21_COMPOSITION,
}
