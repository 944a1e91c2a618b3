from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """The report of one run of the retention schedule: what it deleted or anonymised, and under which
    setting."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    documents_deleted = models.PositiveIntegerField(_("files of documents deleted"), default=0)
    applications_anonymised = models.PositiveIntegerField(_("applications anonymised"), default=0)
    alerts_deleted = models.PositiveIntegerField(_("job alerts deleted"), default=0)
    # {"settings": {...}, "applications_purged": [ids], "applications_anonymised": [ids], "alerts": n}
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        ordering = ["-ran_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
