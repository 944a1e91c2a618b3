from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class WinnersConfig(AppConfig):
    """After the results (R-26): the winners list of a position or group of positions, valid one year
    (R-26.7); winners choose a post in rank order, are invited within seven days and consent in writing;
    reasonable causes and postponement (R-26.4–26.6); the public lists of appointed and not appointed
    candidates (R-26.8)."""

    name = "winners"
    verbose_name = _("Winners and invitations")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from recruitment.lib import due_items, later_steps

        from . import providers

        later_steps.register(providers.later_steps_for, probe=providers.has_winner)
        due_items.register(providers.due_items_for)

        # scoring corrects a published result (exclusion_apply saves ``rows`` and ``corrections``)
        # without knowing of winners; the list follows once the correction commits, in its own transaction
        # (the beat catches anything missed).
        from scoring.models import EvaluationResult

        post_save.connect(
            _result_corrected, sender=EvaluationResult, weak=False, dispatch_uid="winners-follow-correction"
        )


def _result_corrected(sender, instance, created=False, update_fields=None, **kwargs):
    if created or instance.published_at is None or not instance.corrections:
        return
    if update_fields is not None and "corrections" not in update_fields:
        return
    from .services import winners_list_follow_result  # in the call: services import models (see ready())

    # After the commit, not inside the exclusion's transaction: that one holds the audit chain's lock already
    # and would then wait for the list's pool, the reverse of every winners step (pool, then chain): a
    # deadlock with a winner answering at that moment. ``robust``: a failure is logged and the beat follows
    # the correction later.
    result_id = instance.pk
    transaction.on_commit(lambda: winners_list_follow_result(result_id=result_id), robust=True)
