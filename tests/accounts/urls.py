"""The site's URLs plus a stand-in for a page with candidates' data (any page not on the public list)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from recruitment.urls import urlpatterns as site_urlpatterns


def candidate_data(request):
    return HttpResponse("candidate data")


urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(
        path("candidate-data/", candidate_data, name="candidate_data"), prefix_default_language=False
    ),
]
