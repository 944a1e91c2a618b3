"""Fault tests of the running stack's parts: each starts its own Redis or SMTP server on a free port (never
the machine's shared services) and stops it again. The applications' fixtures (an open position, a profile,
a private storage of the test's own) are reused."""

import os
import shutil
import signal
import subprocess

import pytest

from tests.applications.conftest import (  # noqa: F401  (fixtures)
    english,
    locmem_mail,
    open_position,
    private_storage,
)
from tests.helpers.ops import free_port, wait_for_port


class RedisProcess:
    """A private redis-server: no persistence, on a free port; freeze() is SIGSTOP, thaw() SIGCONT; stop()
    then start() is a restart on the same port."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp_path = tmp_path
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = RedisProcess(tmp_path)
    yield redis
    redis.stop()


def use_broker(url: str | None):
    """Point this process's Celery app at a broker (None: back to eager, as the rest of the suite runs).
    Celery publishes through broker_write_url first (it wins over CELERY_BROKER_URL of the environment)."""
    from recruitment.celery import app

    app.conf.task_always_eager = url is None
    app.conf.broker_url = url or ""
    app.conf.broker_write_url = url or None
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    from notifications.services import _forget_kept

    _forget_kept(close=True)  # the connection kept by an earlier test's publishes


@pytest.fixture
def broker():
    """Call broker(url) to publish to it; the app is eager again after the test."""
    yield use_broker
    use_broker(None)


class SmtpServer:
    """A private SMTP server (aiosmtpd) on a free port, in a thread of the test. ``received`` keeps each e-mail
    as parsed; ``on_data`` (if set) runs when an e-mail's data has arrived, before the server answers 250."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.on_data = None
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_DATA(self, smtp_server, session, envelope):
                import email

                server.received.append(
                    email.message_from_bytes(envelope.original_content or envelope.content)
                )
                if server.on_data is not None:
                    server.on_data()
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """The portal sends through a private SMTP server, which starts down (nothing listens): call smtp.start()."""
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    yield server
    server.stop()
