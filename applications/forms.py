from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from vacancies.models import Position, PositionPlace

from .models import ApplicantProfile, Education, LanguageSkill, Qualification, Referee, WorkExperience


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonalForm(forms.ModelForm):
    """R-11.1.2 personal data; community and disability are optional and self-declared."""

    class Meta:
        model = ApplicantProfile
        fields = ["first_name", "parent_name", "last_name", "date_of_birth", "personal_number", "gender",
                  "address", "phone", "email", "community", "disability", "computer_skills"]
        widgets = {"date_of_birth": DateInput(), "computer_skills": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "community": _("Optional. Used only to apply the rules on fair representation (R-27, R-28); "
                           "never shown to the selection committee."),
            "disability": _("Optional. Used only for R-27.1.1; never shown to the selection committee."),
            "computer_skills": _("Programs and systems you use (R-11.1.7)."),
        }

    REQUIRED = ("first_name", "last_name", "date_of_birth", "personal_number", "gender", "address", "phone", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True
        for name in ("community", "disability", "gender"):
            self.fields[name].choices = [("", _("— prefer not to say —") if name != "gender" else "—")] + list(
                self.fields[name].choices
            )[1:]


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = WorkExperience
        fields = ["employer", "employer_address", "function", "title", "rank", "start_date", "end_date", "duties",
                  "staff_supervised_count", "staff_supervised_kind", "reason_for_leaving"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "duties": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end comes before the start."))
        return data


def _formset(model, fields, form=forms.ModelForm, widgets=None, extra=1):
    return inlineformset_factory(ApplicantProfile, model, form=form, fields=fields, extra=extra, can_delete=True,
                                 widgets=widgets or {})


EducationFormSet = _formset(Education, ["level", "field_of_study", "institution", "country", "graduation_date",
                                        "nostrification"], widgets={"graduation_date": DateInput()})
ExperienceFormSet = _formset(WorkExperience, ExperienceForm.Meta.fields, form=ExperienceForm)
LanguageFormSet = _formset(LanguageSkill, ["language", "level"])
QualificationFormSet = _formset(Qualification, ["kind", "title", "provider", "date", "description"],
                                widgets={"date": DateInput(), "description": forms.Textarea(attrs={"rows": 2})})
RefereeFormSet = _formset(Referee, ["name", "address", "contact"], extra=2)

# section slug -> (title, formset, what the regulation asks)
SECTIONS = {
    "education": (_("Education"), EducationFormSet,
                  _("Degrees, educational institutions and graduation dates (R-11.1.3). A diploma obtained abroad "
                    "needs its nostrification (R-11.2.1).")),
    "experience": (_("Work experience"), ExperienceFormSet,
                   _("Employer and address, function, title, rank, duration, duties, staff supervised and the reason "
                     "for leaving (R-11.1.4).")),
    "languages": (_("Languages"), LanguageFormSet, _("Languages you know and your level (R-11.1.5).")),
    "qualifications": (_("Trainings, qualifications and publications"), QualificationFormSet,
                       _("Trainings, professional qualifications, specialisations, special skills and publications "
                         "(R-11.1.6).")),
    "referees": (_("Referees"), RefereeFormSet,
                 _("Name, address and contact of two referees (R-11.1.8).")),
}


class StartForm(forms.Form):
    place = forms.ModelChoiceField(queryset=PositionPlace.objects.none(), label=_("Place you apply for"),
                                   required=False, empty_label=_("— choose —"))

    def __init__(self, *args, position: Position, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = position.places.all()
        if not self.fields["place"].queryset.exists():
            del self.fields["place"]
        else:
            self.fields["place"].required = True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to DOCUMENT_MAX_FILES_PER_REQUEST files; the content checks are documents.inspect_upload's."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png", "multiple": True,
        }))
        # Empty files and long names are refused or cleaned by documents.py, with the file's name.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        single = super().clean
        return [single(item, initial) for item in items]


class UploadForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput, max_length=40)
    files = MultipleFileField(label=_("Choose a file (PDF, JPEG or PNG)"),
                              error_messages={"required": _("Choose a file to upload.")})


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        required=False,
        label=_("I make this self-declaration."),
    )


class AssistedStartForm(forms.Form):
    """R-12.1: HR opens an application for a candidate who cannot apply electronically."""

    position = forms.ModelChoiceField(queryset=Position.objects.none(), label=_("Position"))
    first_name = forms.CharField(label=_("Candidate's first name"), max_length=100)
    last_name = forms.CharField(label=_("Candidate's last name"), max_length=100)
    email = forms.EmailField(label=_("Candidate's e-mail (if any)"), required=False,
                             help_text=_("Messages and the receipt go there. Without one, hand the receipt over on paper."))

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: f"{p.announcement.reference} · {p}"
