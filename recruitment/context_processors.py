from django.conf import settings


def portal(request):
    return {"DEMO_MAILBOX": settings.DEMO_MAILBOX}
