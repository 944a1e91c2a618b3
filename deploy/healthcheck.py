"""Health checks of the portal's containers; exit 0 when healthy, 1 when not (Docker's convention).

    python deploy/healthcheck.py [URL]   web: GET /healthz (default http://127.0.0.1:8000/healthz)
    python deploy/healthcheck.py --broker   beat: Celery's broker answers

The web check sends a Host that ALLOWED_HOSTS accepts: Django answers 400 to any other, and with
DEBUG=0 there is no 127.0.0.1 among the allowed hosts. /healthz is exempt from the HTTPS redirect
(SECURE_REDIRECT_EXEMPT), so plain HTTP inside the container is enough.
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

# Run as a script, Python puts deploy/ first on the path; the project is one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def allowed_host() -> str:
    """The first concrete name of ALLOWED_HOSTS (".example.org" allows example.org itself)."""
    for entry in os.environ.get("ALLOWED_HOSTS", "").split(","):
        entry = entry.strip().lstrip(".")
        if entry and entry != "*":
            return entry
    return "localhost"


def check_web(url: str) -> int:
    request = urllib.request.Request(url, headers={"Host": allowed_host()})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read(500)
    except (urllib.error.URLError, OSError) as exc:  # HTTPError (4xx, 5xx) is a URLError
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1
    print(body.decode(errors="replace"))
    return 0


def check_broker() -> int:
    from recruitment.celery import app  # only for the worker's check: the web's check needs no Celery

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=5)
    except Exception as exc:  # any failure to reach the broker is a failed check
        print(f"unhealthy: broker: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    print("broker ok")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--broker"]:
        return check_broker()
    return check_web(argv[0] if argv else DEFAULT_URL)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
