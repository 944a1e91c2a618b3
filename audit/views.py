"""The public page of the audit checkpoints: anyone may keep a copy, so events removed later are missed."""

import json

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Checkpoint

PUBLISHED = 100  # the JSON and the text list the newest ones; the page pages through all


@require_safe
def checkpoints(request):
    page = Paginator(Checkpoint.objects.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/checkpoints.html", {"page": page})


@require_safe
def checkpoints_json(request):
    rows = [c.as_dict() for c in Checkpoint.objects.order_by("-created_at", "-id")[:PUBLISHED]]
    return JsonResponse({"checkpoints": rows}, json_dumps_params={"indent": 2})


@require_safe
def checkpoints_text(request):
    rows = Checkpoint.objects.order_by("-created_at", "-id")[:PUBLISHED]
    body = "\n".join(json.dumps(c.as_dict(), sort_keys=True) for c in rows)
    return HttpResponse(body + "\n", content_type="text/plain; charset=utf-8")
