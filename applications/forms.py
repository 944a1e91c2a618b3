import re

from django import forms
from django.db import models
from django.forms import inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vacancies.models import Position, PositionPlace

from . import rules
from .choices import (
    EDUCATION_FIELDS,
    EXPERIENCE_FIELDS,
    LANGUAGE_FIELDS,
    PERSONAL_FIELDS,
    PERSONAL_REQUIRED,
    QUALIFICATION_FIELDS,
    REFEREE_FIELDS,
)
from .models import ApplicantProfile, Education, LanguageSkill, Qualification, Referee, WorkExperience

# The site's own date format (recruitment/formats/: DATE_INPUT_FORMATS is dd.mm.yyyy, then ISO) shown in every
# date field of the applicant's forms, with a hint; a slashed date is refused instead of being read
# month-first.
DATE_HINT = _("Format: dd.mm.yyyy, for example 01.09.2016.")
_SLASHED = re.compile(r"^\s*\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\s*$")


class DateInput(forms.TextInput):
    """A text box that shows and reads dd.mm.yyyy (not the browser's date picker, whose format follows the
    browser's language, not the site's)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("dd.mm.yyyy"),
                "inputmode": "numeric",
                "size": 10,
                "maxlength": 10,
                **(attrs or {}),
            }
        )
        self.format = "%d.%m.%Y"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime(self.format)
        return super().format_value(value)


class SiteDateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _("Enter the date as dd.mm.yyyy, for example 01.09.2016.")}

    def to_python(self, value):
        if isinstance(value, str) and _SLASHED.match(value):
            raise forms.ValidationError(
                _(
                    "“%(value)s” can be read in two ways: enter the date as dd.mm.yyyy, for example "
                    "01.09.2016."
                ),
                code="ambiguous",
                params={"value": value.strip()},
            )
        return super().to_python(value)


def date_formfield(db_field, **kwargs):
    """formfield_callback of the applicant's forms: every date field is a SiteDateField with the hint,
    whatever widget a Meta or a formset factory names (an inline formset's ``widgets={}`` once dropped
    them)."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.pop("widget", None)
        kwargs["form_class"] = SiteDateField
        help_text = kwargs.get("help_text", db_field.help_text)
        kwargs["help_text"] = format_lazy("{} {}", DATE_HINT, help_text) if help_text else DATE_HINT
    return db_field.formfield(**kwargs)


class ApplicantModelForm(forms.ModelForm):
    """The base of the applicant's model forms; a subclass's own Meta names ``formfield_callback`` again."""

    class Meta:
        formfield_callback = date_formfield


class PersonalForm(ApplicantModelForm):
    """R-11.1.2 personal data; community and disability are optional and self-declared."""

    class Meta:
        model = ApplicantProfile
        formfield_callback = date_formfield
        fields = [*PERSONAL_FIELDS, "community", "disability", "computer_skills"]
        widgets = {"computer_skills": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "community": _(
                "Optional. Used only to apply the rules on fair representation (R-27, R-28); "
                "never shown to the selection committee."
            ),
            "disability": _("Optional. Used only for R-27.1.1; never shown to the selection committee."),
            "computer_skills": _("Programs and systems you use (R-11.1.7)."),
        }

    REQUIRED = PERSONAL_REQUIRED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True
        for name in ("community", "disability", "gender"):
            self.fields[name].choices = [
                ("", _("— prefer not to say —") if name != "gender" else "—")
            ] + list(self.fields[name].choices)[1:]


class AssistedPersonalForm(PersonalForm):
    """R-12.1: HR's form for the candidate it applies for. The self-declared community and disability are the
    candidate's (R-27, R-28): HR may record what the candidate declared on the signed form, but the form never
    shows what is recorded; left as it is, the recorded answer stays."""

    KEEP, CLEAR = "", "__clear__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._recorded = {name: getattr(self.instance, name) for name in ("community", "disability")}
        for name in ("community", "disability"):
            field = self.fields[name]
            field.choices = [
                (self.KEEP, _("— leave as recorded (not shown to HR) —")),
                (self.CLEAR, _("— not declared —")),
            ] + list(field.choices)[1:]
            field.help_text = _(
                "Only what the candidate declared on the signed form. What is recorded is never shown here."
            )
            self.initial[name] = self.KEEP

    def clean(self):
        data = super().clean()
        for name in ("community", "disability"):
            value = data.get(name)
            data[name] = (
                self._recorded[name] if value == self.KEEP else ("" if value == self.CLEAR else value)
            )
        return data


class ExperienceForm(ApplicantModelForm):
    class Meta:
        model = WorkExperience
        formfield_callback = date_formfield
        fields = list(EXPERIENCE_FIELDS)
        widgets = {"duties": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end comes before the start."))
        return data


def _formset(model, fields, form=ApplicantModelForm, widgets=None, extra=1):
    return inlineformset_factory(
        ApplicantProfile,
        model,
        form=form,
        fields=fields,
        extra=extra,
        can_delete=True,
        widgets=widgets or {},
        formfield_callback=date_formfield,
    )


EducationFormSet = _formset(Education, list(EDUCATION_FIELDS))
ExperienceFormSet = _formset(WorkExperience, ExperienceForm.Meta.fields, form=ExperienceForm)
LanguageFormSet = _formset(LanguageSkill, list(LANGUAGE_FIELDS))
QualificationFormSet = _formset(
    Qualification,
    list(QUALIFICATION_FIELDS),
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)
RefereeFormSet = _formset(Referee, list(REFEREE_FIELDS), extra=2)

# section slug -> (title, formset, what the regulation asks)
SECTIONS = {
    "education": (
        _("Education"),
        EducationFormSet,
        _(
            "Degrees, educational institutions and graduation dates (R-11.1.3). A diploma obtained abroad "
            "needs its nostrification (R-11.2.1)."
        ),
    ),
    "experience": (
        _("Work experience"),
        ExperienceFormSet,
        _(
            "Employer and address, function, title, rank, duration, duties, staff supervised and the reason "
            "for leaving (R-11.1.4)."
        ),
    ),
    "languages": (_("Languages"), LanguageFormSet, _("Languages you know and your level (R-11.1.5).")),
    "qualifications": (
        _("Trainings, qualifications and publications"),
        QualificationFormSet,
        _(
            "Trainings, professional qualifications, specialisations, special skills and publications "
            "(R-11.1.6)."
        ),
    ),
    "referees": (_("Referees"), RefereeFormSet, _("Name, address and contact of two referees (R-11.1.8).")),
}


class StartForm(forms.Form):
    place = forms.ModelChoiceField(
        queryset=PositionPlace.objects.none(),
        label=_("Place you apply for"),
        required=False,
        empty_label=_("— choose —"),
    )

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
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
                    "multiple": True,
                }
            ),
        )
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
    files = MultipleFileField(
        label=_("Choose a file (PDF, JPEG or PNG)"),
        error_messages={"required": _("Choose a file to upload.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read by static/js/uploads.js to refuse a file over the limit before sending it; the server checks
        # again.

        self.fields["files"].widget.attrs.update(
            {
                "data-max-bytes": rules.document_max_bytes(),
                "data-max-files": rules.files_per_request_max(),
                "data-too-big": _("“{name}” is {size} MB; a file may be at most {max} MB. Nothing was sent."),
                "data-too-many": _("Upload at most {n} files at a time."),
            }
        )


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
    email = forms.EmailField(
        label=_("Candidate's e-mail (if any)"),
        required=False,
        help_text=_("Messages and the receipt go there. Without one, hand the receipt over on paper."),
    )

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: f"{p.announcement.reference} · {p}"


class LibraryUploadForm(UploadForm):
    """A file for one's document library: the upload's field and limits, no checklist item."""

    slot = None


class AttachFromLibraryForm(forms.Form):
    """One file of the applicant's library for one checklist item of the draft."""

    slot = forms.CharField(widget=forms.HiddenInput, max_length=40)
    document = forms.ModelChoiceField(
        queryset=None, label=_("Attach from my library"), empty_label=_("— choose a file of my library —")
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = library
        self.fields["document"].label_from_instance = lambda d: f"{d.label} ({d.uploaded_at:%d.%m.%Y})"
