from django import forms
from django.utils.translation import gettext_lazy as _

from .services import SITTING_MINUTES_MAX


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    def read(self) -> bytes:
        return self.cleaned_data["file"].read()


class SittingOpenForm(forms.Form):
    minutes = forms.IntegerField(label=_("Duration of the sitting (minutes)"), min_value=1,
                                 max_value=SITTING_MINUTES_MAX, initial=90)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Your code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                          "autocorrect": "off", "spellcheck": "false"}))


class InterviewQuestionsForm(forms.Form):
    """The chair's questions for the interview: as many as the scheme fixes (R-22.5, R-23.5)."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, count + 1):
            self.fields[f"text_{n}"] = forms.CharField(
                label=_("Question %(n)s") % {"n": n}, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"language_{n}"] = forms.BooleanField(
                label=_("Asked in the foreign language"), required=False)
        self.count = count

    def questions(self) -> list[tuple[str, bool]]:
        return [(self.cleaned_data[f"text_{n}"], self.cleaned_data[f"language_{n}"]) for n in range(1, self.count + 1)]

    def rows(self):
        return [(n, self[f"text_{n}"], self[f"language_{n}"]) for n in range(1, self.count + 1)]


class SheetForm(forms.Form):
    """A member's own marks (two decimals at most, R-23.5 maxima) with a short justification each."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            n = question.number
            self.fields[f"mark_{n}"] = forms.CharField(
                label=_("Mark (0 – %(max)s)") % {"max": question.maximum}, required=False, max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
            self.fields[f"note_{n}"] = forms.CharField(
                label=_("Justification"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

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
    reason = forms.CharField(label=_("Reason for the correction"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines, **kwargs):
        """``lines``: (value, label) pairs, or bare values shown as they are."""
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [line if isinstance(line, tuple) else (line, line) for line in lines]


class RepresentationForm(forms.Form):
    """HR's figures of one category for a year (R-28): the staff, and how many of them belong to each group."""

    institution = forms.ChoiceField(label=_("Institution"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"))
    staff = forms.IntegerField(label=_("Civil servants in the category"), min_value=0)
    with_disability = forms.IntegerField(label=_("Of whom persons with disabilities"), min_value=0)
    non_majority = forms.IntegerField(label=_("Of whom members of non-majority communities"), min_value=0)
    women = forms.IntegerField(label=_("Of whom women"), min_value=0)
    men = forms.IntegerField(label=_("Of whom men"), min_value=0)

    def __init__(self, *args, user, **kwargs):
        from recruitment.permissions import hr_institution_ids
        from vacancies.models import Category, Institution

        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [
            (str(i.pk), i.name) for i in Institution.objects.filter(pk__in=hr_institution_ids(user)).order_by("name")]
        self.fields["category"].choices = list(Category.choices)

    def clean(self):
        data = super().clean()
        staff = data.get("staff")
        if staff is not None:
            for name in ("with_disability", "non_majority", "women", "men"):
                if (data.get(name) or 0) > staff:
                    self.add_error(name, _("This cannot exceed the number of civil servants."))
        return data
