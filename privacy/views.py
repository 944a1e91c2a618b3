from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vacancies.models import Institution

from . import selectors, services


def _retention() -> dict:
    return {
        "documents_years": settings.RETENTION_DOCUMENTS_YEARS,
        "applications_years": settings.RETENTION_APPLICATIONS_YEARS,
        "alert_days": settings.RETENTION_UNCONFIRMED_ALERT_DAYS,
        "appeal_days": settings.PRIVACY_APPEAL_DAYS,
        "winners_years": settings.RETENTION_WINNERS_YEARS,
        "appeals_years": settings.RETENTION_APPEALS_YEARS,
    }


@require_GET
def notice(request):
    return render(
        request,
        "privacy/notice.html",
        {
            "operator": settings.PRIVACY_OPERATOR,
            "contact": settings.PRIVACY_CONTACT_EMAIL,
            "institutions": Institution.objects.order_by("short_name"),
            **_retention(),
        },
    )


@require_GET
def accessibility(request):
    return render(
        request,
        "privacy/accessibility.html",
        {"contact": settings.PRIVACY_CONTACT_EMAIL, "reviewed": settings.ACCESSIBILITY_STATEMENT_DATE},
    )


@login_required
@require_GET
def my_data(request):
    return render(
        request,
        "privacy/my_data.html",
        {"reasons": [_(m) % v for m, v in services.erasure_refusals(user=request.user)], **_retention()},
    )


@login_required
@require_GET
def export(request):
    response = HttpResponse(services.personal_data_export(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    """GET asks for the confirmation (or says why the law does not allow it now); POST erases."""
    reasons = [_(m) % v for m, v in services.erasure_refusals(user=request.user)]
    if request.method == "POST" and not reasons:
        if request.POST.get("email", "").strip().lower() != (request.user.email or "").lower():
            messages.error(request, _("Type your e-mail address to confirm."))
        else:
            try:
                services.personal_data_erase(user=request.user)
            except services.ErasureRefused as exc:
                reasons = [_(m) % v for m, v in exc.reasons]
            else:
                logout(request)
                messages.success(request, _("Your data has been erased. The account no longer exists."))
                return redirect("home")
    return render(
        request,
        "privacy/erase.html",
        {"reasons": reasons, "holds_office": selectors.holds_office(request.user)},
    )
