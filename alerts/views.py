from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .forms import SubscribeForm
from .models import AlertSubscription, SubscriptionStatus


@require_http_methods(["GET", "POST"])
def subscribe(request):
    initial = {key: request.GET.get(key, "") for key in ("q", "category", "institution")}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.alert_subscribe(
            email=data["email"],
            user=request.user,
            language=get_language(),
            q=data["q"],
            category=data["category"],
            institution=data["institution"],
            frequency=data["frequency"],
        )
        return redirect(f"{reverse('alerts:subscribe')}?sent=1")
    return render(request, "alerts/subscribe.html", {"form": form, "sent": request.GET.get("sent") == "1"})


def _subscription(token) -> AlertSubscription:
    subscription = AlertSubscription.objects.filter(token=token).first()
    if subscription is None:
        raise Http404
    return subscription


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET asks (a link checker that opens the link confirms nothing); POST confirms."""
    subscription = _subscription(token)
    if request.method == "POST":
        subscription = services.alert_confirm(token=token) or subscription
    return render(
        request,
        "alerts/confirm.html",
        {"subscription": subscription, "done": subscription.status == SubscriptionStatus.ACTIVE},
    )


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no page and no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = _subscription(token)
    if request.method == "POST":
        services.alert_unsubscribe(token=token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
        subscription.refresh_from_db()
    return render(
        request,
        "alerts/unsubscribe.html",
        {"subscription": subscription, "done": subscription.status == SubscriptionStatus.UNSUBSCRIBED},
    )
