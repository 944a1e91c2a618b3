import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ObserverKind, ObserverSitting, ReplacementReason, Seat, SeatStatus

# Even a guessable secret cannot steer the draw (the portal's value is unknown to HR), but a
# guessable one lets others learn it early; hence the advice.
_COMMITMENT_HELP = _(
    "Choose a secret of at least 12 characters that nobody can guess, keep it to yourself, and enter its "
    "SHA-256 here (for example: printf '%s' 'your secret' | sha256sum). The secret is revealed at the draw."
)


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("I declare that I have no conflict of interest with any of these candidates.")),
            ("yes", _("I declare a conflict of interest.")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("If there is a conflict: which candidate and why (seen by HR only)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    candidate_list_digest = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not (data.get("details") or "").strip():
            self.add_error("details", _("Say which candidate and why, for HR."))
        return data


class ObserverRegistrationForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation you represent"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=ObserverKind.choices)
    accepts_data_protection = forms.BooleanField(
        label=_(
            "I accept the status of observer and the duty to protect the personal data I may learn, "
            "under the legislation in force (R-16.2)."
        ),
    )


class ObserverNoticeForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Evaluation"), queryset=None, empty_label=None)
    sitting = forms.ChoiceField(
        label=_("Sitting you will attend"), choices=ObserverSitting.choices, initial=ObserverSitting.WHOLE
    )
    attends_on = forms.DateField(
        label=_("Day of the sitting"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "As 24.03.2026. The notice must come at the latest the day before (R-16.3). Leave it empty "
            "for every sitting: the notice then comes before the evaluation's first day."
        ),
    )
    note = forms.CharField(
        label=_("Anything HR and the chair should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("sitting") and data["sitting"] != ObserverSitting.WHOLE and not data.get("attends_on"):
            self.add_error("attends_on", _("Give the day of the sitting you will attend."))
        return data

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].label_from_instance = lambda c: (
            f"{c.position.announcement.institution.short_name} · {c.position}"
            + (f" · {c.evaluation_from:%d.%m.%Y}" if c.evaluation_from else "")
        )


class ObserverDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, if you refuse (the observer is told)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The period cannot end before it starts."))
        return data

    @staticmethod
    def this_month(today: dt.date) -> dict:
        start = today.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return {"start": start, "end": end}


# --- HR's forms (admin) ------------------------------------------------------------------------------------


class AnnounceDrawForm(forms.Form):
    commitment = forms.CharField(
        label=_("SHA-256 of your secret"), max_length=64, min_length=64, help_text=_COMMITMENT_HELP
    )


class ReplacementForm(AnnounceDrawForm):
    seat = forms.ModelChoiceField(label=_("Member to replace"), queryset=Seat.objects.none())
    reason = forms.ChoiceField(label=_("Reason (R-13.6)"), choices=ReplacementReason.choices)
    field_order = ["seat", "reason", "commitment"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = committee.seats.filter(status=SeatStatus.ACTIVE).select_related(
            "member"
        )
        self.fields["seat"].label_from_instance = lambda s: f"{s.seat_key}/{s.slot}: {s.member.name}"


class PerformDrawForm(forms.Form):
    secret = forms.CharField(
        label=_("Your secret"),
        max_length=200,
        strip=False,
        help_text=_("The value whose SHA-256 you published when announcing the draw."),
    )


class CancelDrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the draw is cancelled (published)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RenewPoolForm(forms.Form):
    approved_on = forms.DateField(label=_("Renewed on"))
    decision_reference = forms.CharField(label=_("Renewing decision"), max_length=200)
