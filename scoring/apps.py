from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self):
        # The imports below stay in ready(): an app's models, and every module that imports them, load only
        # once the app registry is ready (Django's AppConfig contract), not when apps.py is read.
        from verification.signals import candidate_excluded

        candidate_excluded.connect(_exclusion_reaches_the_evaluation, dispatch_uid="scoring-r9-3")
        # The public results are served from a cache until they change: their publication, an exclusion
        # (R-9.3) (recruitment/lib/public_cache.py).
        from recruitment.lib.public_cache import bump_on_save

        from .models import Evaluation, EvaluationResult

        bump_on_save(EvaluationResult)
        # Every step after the results (winners, appointment, probation, mandate, appeals) follows the
        # publication of the position's results: the applicant's pages ask the later apps only about those
        # applications (recruitment/lib/later_steps.py).
        from recruitment.lib import later_steps

        later_steps.register_gate(_results_published, probe=_results_published_probe)
        bump_on_save(Evaluation, when=lambda evaluation: evaluation.status == "published")

        # The act (at completion) and the qualified list (at publication) are rendered by a worker in every
        # language, again after a correction (recruitment/lib/pdf_files.py).
        from django.db.models.signals import post_save

        def on_result(sender, instance, **kwargs):
            from recruitment.lib.pdf_files import prerender

            from .tasks import results_pdf_render

            kinds = ("act", "qualified") if instance.published_at else ("act",)
            prerender(
                f"results:{instance.evaluation_id}:{kinds}",
                lambda language: [
                    results_pdf_render.delay(instance.evaluation_id, kind, language) for kind in kinds
                ],
            )

        post_save.connect(on_result, sender=EvaluationResult, weak=False, dispatch_uid="results-pdf")

        # Issue 13: the candidates' notices of a publication of results and of its correction (R-25.4, R-9.3)
        # are written by a task after the commit (notifications.services.notice_run_write), from this builder.
        from notifications.services import register_notice_source

        from .services import notices

        register_notice_source(notices.RESULTS_NOTICES, notices.results_notice_items)


def _exclusion_reaches_the_evaluation(sender, *, application_id, actor, now, false_declaration, **kwargs):
    """R-9.3: an exclusion for a false declaration reaches the evaluation and its results
    (scoring.services)."""
    from .services import exclusion_apply

    exclusion_apply(application_id=application_id, actor=actor, now=now, false_declaration=false_declaration)


def _results_published_probe():
    """_results_published in SQL, for the applications' own query (recruitment.lib.later_steps)."""
    from django.db.models import Exists, OuterRef

    from .models import EvaluationResult

    return Exists(
        EvaluationResult.objects.filter(
            evaluation__position_id=OuterRef("position_id"), published_at__isnull=False
        )
    )


def _results_published(applications: list) -> list:
    """The applications whose position has published results, in one query."""
    from .models import EvaluationResult

    published = set(
        EvaluationResult.objects.filter(
            evaluation__position_id__in={a.position_id for a in applications}, published_at__isnull=False
        ).values_list("evaluation__position_id", flat=True)
    )
    return [a for a in applications if a.position_id in published]
