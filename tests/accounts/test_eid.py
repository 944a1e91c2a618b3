"""e-ID ready: allauth's OpenID Connect provider, configured from settings, off by default."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_no_eid_sign_in_is_offered_by_default(client, db):
    assert "allauth.socialaccount" not in settings.INSTALLED_APPS
    html = client.get("/en/accounts/login/").content.decode()
    assert "/accounts/oidc/" not in html


def _database_url() -> str:
    """A database of its own for the child run (its test database is made beside the others')."""
    url = os.environ.get("DATABASE_URL", "")
    return f"{url}_eid" if url.startswith("postgres") else ""


def test_the_eid_provider_appears_when_configured_by_settings_alone():
    env = {
        **os.environ,
        "OIDC_SERVER_URL": "https://eid.example.org/realms/ks",
        "OIDC_PROVIDER_ID": "test-eid",
        "OIDC_PROVIDER_NAME": "Test e-ID",
        "OIDC_CLIENT_ID": "portal-client",
        "OIDC_CLIENT_SECRET": "s3cret",
        "DATABASE_URL": _database_url(),
        "DEBUG": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--reuse-db",
            str(ROOT / "tests" / "accounts" / "eid_configured_check.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
