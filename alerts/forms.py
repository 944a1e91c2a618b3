from django import forms
from django.utils.translation import gettext_lazy as _

from vacancies.models import Category, Institution

from .models import Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    q = forms.CharField(label=_("Title, institution or place"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the portal keeps this address to send me these e-mails until I unsubscribe "
            "(see the privacy notice)."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *Category.choices]
        self.fields["institution"].choices = [
            ("", _("All institutions")),
            *[(i.short_name, i.name) for i in Institution.objects.order_by("short_name")],
        ]
