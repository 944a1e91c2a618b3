"""Forms of the appeals pages: values only; the rules and the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Decision, Effect

_ACCEPT = {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}


def _scan_field(label, **kwargs) -> forms.FileField:
    """A scan or document uploaded with an appeal or a decision (the service checks its content)."""
    return forms.FileField(
        label=label, allow_empty_file=True, widget=forms.ClearableFileInput(attrs=_ACCEPT), **kwargs
    )


def _paper_grounds_field() -> forms.CharField:
    return forms.CharField(
        label=_("Grounds (as the appeal states them)"), widget=forms.Textarea(attrs={"rows": 6})
    )


class LodgeForm(forms.Form):
    """The candidate's appeal against the final results (R-32)."""

    grounds = forms.CharField(
        label=_("Why do you appeal? (the grounds)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    scan = _scan_field(
        _("The signed appeal or a supporting document (PDF, JPEG or PNG; optional)"), required=False
    )
    confirm = forms.BooleanField(
        label=_("I lodge this appeal to KPMSHCK against the final results."),
        error_messages={"required": _("Tick the box to confirm that you lodge the appeal.")},
    )


class RecordResultsForm(forms.Form):
    """HR records an appeal against the final results received on paper (R-32)."""

    reference = forms.CharField(
        label=_("Reference number of the application (e.g. KQZ-2026-000042-1)"), max_length=60
    )
    filed_on = forms.DateField(
        label=_("Lodged on (the date of the paper appeal)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    grounds = _paper_grounds_field()
    scan = _scan_field(_("Scan of the appeal (PDF, JPEG or PNG)"))


class RecordProbationForm(forms.Form):
    """HR records an appeal against a decision not to confirm (R-40)."""

    probation = forms.TypedChoiceField(label=_("Employee not confirmed"), coerce=int)
    filed_on = forms.DateField(
        label=_("Lodged on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    grounds = _paper_grounds_field()
    scan = _scan_field(_("Scan of the appeal (PDF, JPEG or PNG)"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["probation"].choices = list(choices)


class DecisionScanForm(forms.Form):
    scan = _scan_field(_("Scan of KPMSHCK's decision (PDF, JPEG or PNG)"))


class DecideForm(forms.Form):
    """KPMSHCK's decision as HR reads it from the board's act."""

    decision = forms.ChoiceField(
        label=_("KPMSHCK's decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    decision_number = forms.CharField(label=_("Number of the decision"), max_length=60, required=False)
    effect = forms.ChoiceField(
        label=_("What follows from it"), choices=Effect.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What KPMSHCK decided, in a few words (the candidate reads it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, effects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if effects is not None:
            self.fields["effect"].choices = [
                (value, label) for value, label in Effect.choices if value in effects
            ]
