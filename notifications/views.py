from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .models import Message, MessageStatus, StoredEmail


def demo_mailbox(request):
    """The demo's mailbox: every e-mail the site 'sent', so a demo user can verify an address.

    It exists only while DEMO_MAILBOX is on (never in production settings).
    """
    if not settings.DEMO_MAILBOX:
        raise Http404
    page = Paginator(StoredEmail.objects.select_related("message"), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/demo_mailbox.html", {"page": page})


@login_required
def inbox(request):
    """Every message the portal delivered to the signed-in person, newest first (the in-site copy of
    the e-mails). Messages still waiting in the outbox appear once delivered."""
    messages = Message.objects.filter(recipient=request.user, status=MessageStatus.SENT).order_by(
        "-sent_at", "-id"
    )
    page = Paginator(messages, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})
