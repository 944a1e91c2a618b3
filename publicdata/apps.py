from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicDataConfig(AppConfig):
    name = "publicdata"
    verbose_name = _("Open data")
