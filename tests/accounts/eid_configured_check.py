"""Run by test_eid.py in a process of its own with OIDC_* set (INSTALLED_APPS are read once, at start-up):
the e-ID provider appears on the log-in page, configured from settings alone. Not collected by itself
(its name does not start with test_)."""

from django.conf import settings
from django.urls import reverse


def test_the_eid_provider_appears_on_the_log_in_page_when_configured(client, db):
    from allauth.socialaccount.adapter import get_adapter
    from django.test import RequestFactory

    assert "allauth.socialaccount.providers.openid_connect" in settings.INSTALLED_APPS
    request = RequestFactory().get("/")
    (provider,) = get_adapter().list_providers(request)
    assert (provider.id, provider.name) == ("openid_connect", "Test e-ID")
    assert provider.app.provider_id == "test-eid" and provider.app.client_id == "portal-client"
    assert provider.app.settings["server_url"] == "https://eid.example.org/realms/ks"
    assert reverse("openid_connect_login", kwargs={"provider_id": "test-eid"}).endswith(
        "/oidc/test-eid/login/"
    )
    html = client.get("/en/accounts/login/").content.decode()
    assert "Test e-ID" in html and "/en/accounts/oidc/test-eid/login/" in html
