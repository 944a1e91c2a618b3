"""HR's review screen (R-18.1 … R-18.6): "all met" in one step, then only the exceptions, each with its
reason, and the decision, in one form and one POST. The decision is validated by rules.decision_problems
against the results this same POST sets, so nothing is half-saved."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import CheckResult, Decision, Reason

EXCEPTIONS = (CheckResult.NOT_MET, CheckResult.NOT_VERIFIABLE)
RESULT_CHOICES = [
    (CheckResult.MET, _("Met")),
    (CheckResult.NOT_MET, _("Not met")),
    (CheckResult.NOT_VERIFIABLE, _("Cannot be verified")),
]
DECISION_CHOICES = [
    (Decision.UNDECIDED, _("Not decided yet")),
    (Decision.ELIGIBLE, _("Eligible: continues to the evaluation (R-18.3)")),
    (Decision.NOT_ELIGIBLE, _("Not eligible (R-18.6)")),
]


class ReviewScreenForm(forms.Form):
    """One result and one reason per criterion (``result_<check id>``, ``note_<check id>``), ``all_met`` for
    every criterion left without a result, and the decision."""

    all_met = forms.BooleanField(
        label=_("All criteria are met, except those I mark below"),
        required=False,
        help_text=_(
            "Every criterion without a result counts as met; mark only the exceptions, each with its reason."
        ),
    )
    decision = forms.ChoiceField(
        label=capfirst(_("decision")), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        label=capfirst(_("reasons for not admitting the candidate")),
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    explanation = forms.CharField(
        label=capfirst(_("explanation")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The candidate receives it with a “not eligible” decision (R-18.6)."),
    )

    def __init__(self, *args, checks, review, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "decision": review.decision if review.decision != Decision.EXCLUDED else Decision.UNDECIDED,
                "reasons": review.reasons,
                "explanation": review.explanation,
            },
        )
        super().__init__(*args, **kwargs)
        self.checks = list(checks)
        self.review = review
        for check in self.checks:
            self.fields[f"result_{check.pk}"] = forms.ChoiceField(
                label=check.label_text,
                choices=RESULT_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=check.result if check.result != CheckResult.UNCHECKED else None,
            )
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=2000,
                initial=check.note,
                widget=forms.TextInput(attrs={"size": 30}),
            )

    def criteria(self):
        """(check, result field, note field) for the template, in the order HR reads them
        (rules.criteria_in_order)."""
        return [(c, self[f"result_{c.pk}"], self[f"note_{c.pk}"]) for c in self.checks]

    def results(self) -> dict[int, tuple[str, str]]:
        """check id -> (result, note) as this POST leaves it (after is_valid())."""
        all_met = self.cleaned_data.get("all_met")
        out = {}
        for check in self.checks:
            result = self.cleaned_data.get(f"result_{check.pk}") or (
                CheckResult.MET if all_met else check.result
            )
            out[check.pk] = (result, (self.cleaned_data.get(f"note_{check.pk}") or "").strip())
        return out

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        results = self.results()
        for check in self.checks:
            result, note = results[check.pk]
            if result in EXCEPTIONS and not note:
                self.add_error(
                    f"note_{check.pk}", _("Say why this criterion is not met or cannot be verified.")
                )
        if "decision" in data:
            for code in rules.decision_problems(
                decision=data["decision"],
                reasons=data.get("reasons") or [],
                explanation=data.get("explanation", ""),
                check_results=[r for r, _n in results.values()],
            ):
                self.add_error(None, rules.PROBLEMS[code])
        return data
