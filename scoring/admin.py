"""Evaluations in the admin: read-only, for superusers and for HR of the position's institution, who also
import marks and download the results here (scoring.io, the same functions as ``import_scores`` and
``export_results``; the one importer, score_import.scores_import, also behind the chair's page).

Nothing else is changed here: every other change goes through the committee's pages (services.py). Candidates,
codes and answers are not shown, so the admin cannot break the anonymity of R-20.3; the results file names
applications by number and carries no code.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import ReadOnlyMixin
from recruitment.permissions import hr_institution_ids, is_hr_of

from . import io, score_import
from .models import Evaluation


class ScoresImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (columns application, step, member, question, points)"))
    # the day the written test was sat (the day after its seal); empty: today. As on the chair's page.
    sat_on = forms.DateField(label=_("Day the test was sat"), required=False)


def _institution_id(evaluation: Evaluation) -> int:
    return evaluation.position.announcement.institution_id


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["position", "scheme_key", "status", "sealed_at", "written_locked_at"]
    list_filter = ["status", "scheme_key"]
    fields = [
        "position",
        "scheme_key",
        "category",
        "foreign_language",
        "status",
        "test_sha256",
        "sealed_at",
        "sitting_opens_at",
        "sitting_closes_at",
        "written_locked_at",
        "created_at",
        "scores_and_results",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("position__announcement__institution")
        if request.user.is_superuser:
            return qs
        return qs.filter(position__announcement__institution__in=hr_institution_ids(request.user))

    def _allowed(self, request, obj=None) -> bool:
        user = request.user
        if not user.is_active:
            return False
        if obj is None:
            return user.is_superuser or bool(hr_institution_ids(user))
        return user.is_superuser or is_hr_of(user, _institution_id(obj))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    # --- the import and the export (HR of the institution only) ---------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/import-scores/",
                view(self.import_scores_view),
                name="scoring_evaluation_import_scores",
            ),
            path(
                "<int:pk>/export-results.<str:fmt>",
                view(self.export_results_view),
                name="scoring_evaluation_export_results",
            ),
        ] + super().get_urls()

    @admin.display(description=_("marks and results"))
    def scores_and_results(self, obj):
        if obj is None or not obj.pk:
            return ""
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:scoring_evaluation_import_scores", args=[obj.pk]),
            gettext("Import marks (CSV)"),
            reverse("admin:scoring_evaluation_export_results", args=[obj.pk, "csv"]),
            gettext("Results as CSV"),
            reverse("admin:scoring_evaluation_export_results", args=[obj.pk, "json"]),
            gettext("Results as JSON"),
        )

    def _hr_evaluation(self, request, pk) -> Evaluation:
        """The evaluation, for HR of its institution only: 404 when it is not among the user's, 403 for a
        superuser who is not HR there (marks come in and results go out through the institution's HR unit)."""
        evaluation = self.get_queryset(request).filter(pk=pk).first()
        if evaluation is None:
            raise Http404
        if not is_hr_of(request.user, _institution_id(evaluation)):
            raise PermissionDenied
        return evaluation

    def import_scores_view(self, request, pk):
        evaluation = self._hr_evaluation(request, pk)
        form = ScoresImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > io.MAX_FILE_BYTES:
                problems = [
                    gettext("The file is larger than %(mb)s MB.") % {"mb": io.MAX_FILE_BYTES // 1_000_000}
                ]
            else:
                try:
                    summary = score_import.scores_import(
                        evaluation=evaluation,
                        data=upload.read(),
                        actor=request.user,
                        sat_on=form.cleaned_data.get("sat_on"),
                    )
                except io.ImportRefused as exc:
                    problems = exc.errors
                else:
                    self.message_user(
                        request,
                        gettext(
                            "Imported: %(written)s written score(s), %(sheets)s sheet(s) with "
                            "%(marks)s mark(s)."
                        )
                        % {"written": summary.written, "sheets": summary.sheets, "marks": summary.marks},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:scoring_evaluation_change", args=[evaluation.pk])
                    )
        return TemplateResponse(
            request,
            "admin/scoring/evaluation/import_scores.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Import marks: %(position)s") % {"position": evaluation.position},
                "evaluation": evaluation,
                "form": form,
                "problems": problems,
                "columns": ",".join(io.COLUMNS),
                "opts": self.model._meta,
                "original": evaluation,
            },
        )

    def export_results_view(self, request, pk, fmt):
        if fmt not in ("csv", "json"):
            raise Http404
        evaluation = self._hr_evaluation(request, pk)
        content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        response = HttpResponse(io.export_text(evaluation, fmt), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="results-{evaluation.pk}.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response
