from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self):
        from verification.signals import candidate_excluded

        candidate_excluded.connect(_exclusion_reaches_the_evaluation, dispatch_uid="scoring-r9-3")
        # The public results are served from a cache until they change: their publication, an exclusion
        # (recruitment/lib/public_cache.py).
        from recruitment.lib.public_cache import bump_on_save

        from .models import Evaluation, EvaluationResult

        bump_on_save(EvaluationResult)
        bump_on_save(Evaluation, when=lambda evaluation: evaluation.status == "published")


def _exclusion_reaches_the_evaluation(sender, *, application_id, actor, now, false_declaration, **kwargs):
    """R-9.3: an exclusion for a false declaration reaches the evaluation and its results (scoring.services)."""
    from .services import exclusion_apply

    exclusion_apply(application_id=application_id, actor=actor, now=now, false_declaration=false_declaration)
