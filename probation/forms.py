from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CivilServiceCategory, Outcome, SuspensionCause


class DateInput(forms.DateInput):
    """A date picker; its value is ISO whatever the reader's language (the browser shows it in theirs)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


class SuspensionForm(forms.Form):
    cause = forms.ChoiceField(label=_("Cause (R-33.4)"), choices=SuspensionCause.choices)
    starts_on = _date(_("From"))
    ends_on = _date(_("To (included)"), required=False, help_text=_("Leave empty while it lasts."))
    note = forms.CharField(label=_("Note (the circumstance, for “other”)"), required=False, max_length=255)


class SuspensionEndForm(forms.Form):
    ends_on = _date(_("Last day of the suspension"))


class MentorForm(forms.Form):
    name = forms.CharField(label=_("Mentor's name"), max_length=255)
    unit = forms.CharField(label=_("Mentor's organisational unit"), max_length=255)
    category = forms.ChoiceField(label=_("Mentor's category"), choices=CivilServiceCategory.choices)
    in_post_since = _date(_("In the post since"))
    confirm_most_senior = forms.BooleanField(
        label=_(
            "No civil servant of the unit, of the same or a higher category, has been longer in the post "
            "(R-35.2)"
        )
    )


class RequestForm(forms.Form):
    requested_on = _date(_("Date of HR's written request to the supervisor"))


class MeetingForm(forms.Form):
    meeting_on = _date(_("Date of the meeting"))
    announced_on = _date(_("Date the notice reached the employee"))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The supervisor's decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    received_on = _date(_("Received by HR on"))
    supervisor_name = forms.CharField(label=_("Direct supervisor"), max_length=255, required=False)
    months = forms.IntegerField(
        label=_("Extension in months (only for an extension, up to 6 in all)"),
        min_value=0,
        max_value=6,
        required=False,
    )
    reasons = forms.CharField(label=_("Reasons given in writing"), widget=forms.Textarea(attrs={"rows": 4}))


class InformForm(forms.Form):
    act_number = forms.CharField(label=_("Number of the act"), max_length=60)
