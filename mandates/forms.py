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


YEARS = 4  # a mandate of four years, one rating a year


class ProposalForm(forms.Form):
    proposed_on = forms.DateField(label=_("Date of the supervisor's proposal"), widget=DateInput)
    proposed_by = forms.CharField(label=_("Direct supervisor"), max_length=255)

    # the yearly ratings of the mandate, in order (a mandate runs four years, R-31.1), each chosen
    # from the scale in the reader's language; a year not rated yet is left empty.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for year in range(1, YEARS + 1):
            self.fields[f"rating_{year}"] = forms.ChoiceField(
                label=_("Performance rating of year %(year)s (R-31.5)") % {"year": year},
                choices=[("", _("Not rated"))] + list(Performance.choices),
                required=False,
            )

    def clean(self):
        data = super().clean()
        data["all_ratings"] = [
            data[f"rating_{year}"] for year in range(1, YEARS + 1) if data.get(f"rating_{year}")
        ]
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
