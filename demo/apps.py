from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo content and the fixture generators (load_demo, seed_competition): the top of the house,
    importing from every app and imported by none."""

    name = "demo"
    verbose_name = _("Demo")
