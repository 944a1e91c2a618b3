from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CheckResult


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CheckForm(forms.Form):
    result = forms.ChoiceField(
        label=_("The original"),
        choices=[(CheckResult.MATCHES, _("matches")), (CheckResult.DIFFERS, _("differs"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("How it differs (R-29.4)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppointForm(forms.Form):
    act_number = forms.CharField(label=_("Number of the appointment act"), max_length=60)
    act_date = forms.DateField(
        label=_("Date of the act (the day the appointee receives it)"), widget=DateInput(), required=False
    )


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot report within 14 days (R-30.2)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant the extension")), ("refuse", _("Refuse the extension"))],
        widget=forms.RadioSelect,
    )
    new_report_by = forms.DateField(label=_("New last day to report"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Note (required for a refusal)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportedForm(forms.Form):
    reported_on = forms.DateField(label=_("Day the appointee reported to work"), widget=DateInput())
