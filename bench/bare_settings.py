"""The baseline of bench/pages.py: a bare Django project (startproject's middleware, no database) answering
"hello" at /hello/. Every page's ratio is this view's time ÷ the page's, measured the same way in the same
run."""

SECRET_KEY = "bench-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bare_settings"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {}
USE_TZ = True


def hello(request):
    from django.http import HttpResponse

    return HttpResponse("hello")


def _urls():
    from django.urls import path

    return [path("hello/", hello)]


urlpatterns = _urls()
