"""HR's pages of the final verification (R-29) and the appointment (R-30), the appointee's request to report later,
and HR's "Due this week" (every app's due items, recruitment.lib.due_items)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from recruitment.lib import due_items
from recruitment.permissions import hr_institution_ids, hr_required

DUE_WINDOW_DAYS = 7


@login_required
@hr_required
@require_GET
def due_this_week(request):
    """What falls due for HR's institutions from today to a week from today, and what is overdue, from every app
    that registered a provider (invitations R-26.3, final verifications R-29, reporting R-30, probation, mandates,
    appeals)."""
    today = timezone.localdate()
    end = today + dt.timedelta(days=DUE_WINDOW_DAYS)
    items = due_items.collect(hr_institution_ids(request.user), today, end)
    return render(
        request,
        "appointments/due_this_week.html",
        {"items": items, "today": today, "end": end, "overdue": sum(1 for item in items if item.overdue)},
    )
