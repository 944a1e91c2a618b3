from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from notifications.views import demo_mailbox
from publicdata import views as publicdata_views
from vacancies import views as vacancy_views

from .metrics import metrics as metrics_view
from .views import healthz

# A full disk answers with a page saying what to do (recruitment/middleware_ops.py), anything else with
# Django's 500.
handler500 = "recruitment.views.server_error"

# In the reader's language, as every other label of the admin.
admin.site.site_header = _("Recruitment portal · HR unit")
admin.site.site_title = _("Recruitment portal")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Prometheus metrics: METRICS_TOKEN or a superuser (recruitment/metrics.py); 404 to anyone else.
    path("metrics", metrics_view, name="metrics"),
    path("sitemap.xml", publicdata_views.sitemap, name="sitemap"),
    path("robots.txt", publicdata_views.robots_txt, name="robots_txt"),
    path("favicon.ico", publicdata_views.favicon, name="favicon"),
    # The read-only public API (publicdata/api.py), versioned, described at /api/v1/openapi.json.
    path("api/v1/", include("publicdata.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Albanian at the root; /sr-latn/… and /en/… for the other languages, so a link keeps its language.
urlpatterns += i18n_patterns(
    path("", vacancy_views.home, name="home"),
    path("", include("vacancies.urls")),
    path("", include("committees.urls")),
    path("", include("scoring.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("applications.urls")),
    path("", include("verification.urls")),
    path("", include("winners.urls")),
    path("", include("appointments.urls")),
    path("", include("probation.urls")),
    path("", include("mandates.urls")),
    path("", include("appeals.urls")),
    path("", include("audit.urls")),
    path("", include("publicdata.urls")),
    path("", include("alerts.urls")),
    path("", include("privacy.urls")),
    path("mailbox/", demo_mailbox, name="demo_mailbox"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
