from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment.permissions import hr_institution_ids
from vacancies.models import Category, Institution

from . import schemes
from .services import SITTING_MINUTES_MAX
from .templatetags.points import show_points


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    def read(self) -> bytes:
        return self.cleaned_data["file"].read()


class ResultsUploadForm(UploadForm):
    # the day the test was sat in the other system (the day after its seal); empty: today.
    sat_on = forms.DateField(label=_("Day the test was sat"), required=False)


class SittingOpenForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Duration of the sitting (minutes)"), min_value=1, max_value=SITTING_MINUTES_MAX, initial=90
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        ),
    )


class InterviewQuestionsForm(forms.Form):
    """The chair's questions for the interview: as many as the scheme fixes (R-22.5, R-23.5)."""

    def __init__(self, *args, count: int, points=None, **kwargs):
        """``points``: the scheme's default points per question, where the committee sets them (F1 item 13);
        None where the regulation fixes them (R-22.5, R-23.5) and the form asks none."""
        super().__init__(*args, **kwargs)
        for n in range(1, count + 1):
            self.fields[f"text_{n}"] = forms.CharField(
                label=_("Question %(n)s") % {"n": n},
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"language_{n}"] = forms.BooleanField(
                label=_("Asked in the foreign language"), required=False
            )
            if points is not None:
                self.fields[f"points_{n}"] = forms.DecimalField(
                    label=_("Points of this question"),
                    min_value=0,
                    max_digits=7,
                    decimal_places=2,
                    initial=points[n - 1],
                )
        self.count = count
        self.sets_points = points is not None

    def questions(self) -> list[tuple[str, bool]]:
        return [
            (self.cleaned_data[f"text_{n}"], self.cleaned_data[f"language_{n}"])
            for n in range(1, self.count + 1)
        ]

    def maxima(self):
        """The points the chair gave each question, or None where the form asks none."""
        if not self.sets_points:
            return None
        return [self.cleaned_data[f"points_{n}"] for n in range(1, self.count + 1)]

    def rows(self):
        return [
            (n, self[f"text_{n}"], self[f"language_{n}"], self[f"points_{n}"] if self.sets_points else None)
            for n in range(1, self.count + 1)
        ]


class SheetForm(forms.Form):
    """A member's own marks (two decimals at most, R-23.5 maxima) with a short justification each."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            n = question.number
            # Both are needed to submit (services.sheet_save); a draft may be saved without them, so the form
            # is not refused by the browser (novalidate), but the fields say so before anyone presses a
            # button.
            needed = {"required": True, "aria-required": "true"}
            self.fields[f"mark_{n}"] = forms.CharField(
                label=_("Mark (0 – %(max)s)") % {"max": show_points(question.maximum)},
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, **needed}),
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=_("Justification"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, **needed}),
            )

    def marks(self) -> dict:
        return {str(q.number): self.cleaned_data.get(f"mark_{q.number}", "") for q in self.questions}

    def notes(self) -> dict:
        return {str(q.number): self.cleaned_data.get(f"note_{q.number}", "") for q in self.questions}

    def rows(self):
        return [(q, self[f"mark_{q.number}"], self[f"note_{q.number}"]) for q in self.questions]


class CorrectionForm(forms.Form):
    sheet = forms.IntegerField(widget=forms.HiddenInput)
    line = forms.ChoiceField(label=_("Question"))
    mark = forms.CharField(label=_("Corrected mark"), max_length=10)
    justification = forms.CharField(label=_("Justification"), required=False, max_length=500)
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, lines, **kwargs):
        """``lines``: (value, label) pairs, or bare values shown as they are."""
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [line if isinstance(line, tuple) else (line, line) for line in lines]


class RepresentationForm(forms.Form):
    """HR's figures of one category for a year (R-28): the staff, and how many of them belong to each
    group."""

    institution = forms.ChoiceField(label=_("Institution"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"))
    staff = forms.IntegerField(label=_("Civil servants in the category"), min_value=0)
    with_disability = forms.IntegerField(label=_("Of whom persons with disabilities"), min_value=0)
    non_majority = forms.IntegerField(label=_("Of whom members of non-majority communities"), min_value=0)
    women = forms.IntegerField(label=_("Of whom women"), min_value=0)
    men = forms.IntegerField(label=_("Of whom men"), min_value=0)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [
            (str(i.pk), i.name)
            for i in Institution.objects.filter(pk__in=hr_institution_ids(user)).order_by("name")
        ]
        self.fields["category"].choices = list(Category.choices)

    def clean(self):
        data = super().clean()
        staff = data.get("staff")
        if staff is not None:
            for name in ("with_disability", "non_majority", "women", "men"):
                if (data.get(name) or 0) > staff:
                    self.add_error(name, _("This cannot exceed the number of civil servants."))
        return data


STEP_ROWS = 5  # rows of the custom scheme's form; empty rows are ignored (no JavaScript needed)


class CustomSchemeForm(forms.Form):
    """HR composes the scheme of a position announced with a scheme of its own (K23): the steps in order, the
    final threshold with its comparison, and who wins. ``scheme()`` builds it with ``schemes.custom_scheme``,
    whose refusals are shown on the form."""

    foreign_language = forms.CharField(
        label=_("Foreign language required (if any)"), required=False, max_length=100
    )
    final_threshold = forms.DecimalField(
        label=_("Final threshold (points)"), min_value=0, max_digits=7, decimal_places=2
    )
    final_comparison = forms.ChoiceField(
        label=_("Qualified with"),
        choices=[(">=", _("at least the threshold (≥)")), (">", _("more than the threshold (>)"))],
    )
    winners_rule = forms.ChoiceField(
        label=_("Winners"),
        choices=[
            ("qualified_list", _("Everyone qualified, in rank order (R-25.2)")),
            ("best_qualified", _("The best qualified candidate (R-31.1)")),
            ("top_n", _("The best N are presented to the deciding authority")),
        ],
    )
    top_n = forms.IntegerField(
        label=_("N, when the best N are presented"), required=False, min_value=1, max_value=100
    )

    KINDS = [
        ("", _("(no step)")),
        ("documents", _("Evaluation of documents, by criteria")),
        ("written", _("Written test, one score per candidate")),
        ("interview", _("Oral interview, by questions")),
    ]
    COMBINE_CHOICES = [
        ("mean_of_members", _("Mean of the members' sheets")),
        ("single", _("One score for the step")),
        ("sum_of_criteria", _("One sheet, criteria added up")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, STEP_ROWS + 1):
            self.fields[f"kind_{n}"] = forms.ChoiceField(label=_("Kind"), choices=self.KINDS, required=False)
            self.fields[f"maximum_{n}"] = forms.DecimalField(
                label=_("Maximum (points)"), required=False, min_value=0, max_digits=7, decimal_places=2
            )
            self.fields[f"gate_{n}"] = forms.DecimalField(
                label=_("Points needed to go on to the next step (optional)"),
                required=False,
                min_value=0,
                max_digits=7,
                decimal_places=2,
            )
            self.fields[f"combine_{n}"] = forms.ChoiceField(
                label=_("Members' marks combine as"), choices=self.COMBINE_CHOICES, required=False
            )
            self.fields[f"parts_{n}"] = forms.CharField(
                label=_("Criteria (name: points, …) or the points of each question (10, 10, …)"),
                required=False,
                max_length=500,
            )
            self.fields[f"committee_sets_{n}"] = forms.BooleanField(
                label=_("The committee sets the points of each question"), required=False
            )

    def rows(self):
        return [
            (
                n,
                [self[f"{name}_{n}"] for name in ("kind", "maximum", "gate", "combine", "parts")],
                self[f"committee_sets_{n}"],
            )
            for n in range(1, STEP_ROWS + 1)
        ]

    def result_fields(self):
        return [
            self[name]
            for name in ("final_threshold", "final_comparison", "winners_rule", "top_n", "foreign_language")
        ]

    def _step(self, n: int, kind: str) -> dict:
        data = self.cleaned_data
        if data.get(f"maximum_{n}") is None:
            raise forms.ValidationError(_("Step %(n)s needs its maximum.") % {"n": n})
        step = {
            "key": kind,
            "maximum": data[f"maximum_{n}"],
            "gate": data.get(f"gate_{n}"),
            "combine": data.get(f"combine_{n}") or ("single" if kind == "written" else "mean_of_members"),
        }
        parts = [part.strip() for part in (data.get(f"parts_{n}") or "").split(",") if part.strip()]
        if kind == "documents":
            criteria = []
            for part in parts:
                name, colon, points = part.partition(":")
                if not colon:
                    raise forms.ValidationError(
                        _("Step %(n)s: write each criterion as “name: points”.") % {"n": n}
                    )
                criteria.append({"key": name.strip(), "maximum": points.strip()})
            step["criteria"] = criteria
        elif kind == "interview":
            if not parts:
                raise forms.ValidationError(_("Step %(n)s: give the points of each question.") % {"n": n})
            step["questions"] = {"maxima": parts, "fixed": not data.get(f"committee_sets_{n}")}
        elif parts:
            raise forms.ValidationError(
                _("Step %(n)s: a written test has neither criteria nor questions.") % {"n": n}
            )
        return step

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            steps = [
                self._step(n, data[f"kind_{n}"]) for n in range(1, STEP_ROWS + 1) if data.get(f"kind_{n}")
            ]
            rule = data["winners_rule"]
            self.built = schemes.custom_scheme(
                key="custom",
                steps=steps,
                final_threshold=data["final_threshold"],
                final_comparison=data["final_comparison"],
                winners_rule=rule,
                top_n=data.get("top_n") if rule == "top_n" else None,
            )
        except schemes.SchemeError as exc:
            raise forms.ValidationError(exc.message, code=exc.rule) from None
        return data

    def scheme(self):
        return self.built
