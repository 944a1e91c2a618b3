from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import EndOutcome, Performance


class DateInput(forms.DateInput):
    """A date picker; its value is ISO whatever the reader's language (the browser shows it in theirs)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class CivilServantForm(forms.Form):
    was_civil_servant = forms.TypedChoiceField(
        label=_("Was the holder a civil servant before the appointment? (R-31.7, R-31.8)"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class ProposalForm(forms.Form):
    proposed_on = forms.DateField(label=_("Date of the supervisor's proposal"), widget=DateInput)
    proposed_by = forms.CharField(label=_("Direct supervisor"), max_length=255)
    ratings = forms.MultipleChoiceField(
        label=_("Yearly performance ratings of the mandate (R-31.5)"),
        choices=Performance.choices,
        required=False,
        widget=forms.SelectMultiple,
    )
    ratings_text = forms.CharField(
        label=_("Or the ratings in order, one per line (e.g. meets, exceeds)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        ratings = list(data.get("ratings") or [])
        for line in (data.get("ratings_text") or "").splitlines():
            value = line.strip().lower()
            if not value:
                continue
            if value not in Performance.values:
                raise forms.ValidationError(_("Unknown rating: %(value)s") % {"value": value})
            ratings.append(value)
        data["all_ratings"] = ratings
        return data


class RenewalForm(forms.Form):
    renew = forms.TypedChoiceField(
        label=_("HR's decision"),
        choices=[("yes", _("Renew the mandate")), ("no", _("Do not renew"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (when not renewed)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EndForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EndOutcome.choices, widget=forms.RadioSelect)
    post = forms.CharField(label=_("Professional post assigned (R-31.7)"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
