"""Settings, read from the environment only (12-factor).

Every value has a safe default for the demo (SQLite, Celery eager, e-mail kept in the site);
production sets DEBUG=0 and the variables listed in README.md. A malformed value fails at start-up
(django-environ raises), never silently.
"""

import datetime
import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's git-ignored .env (ENV_FILE names another; the environment always wins over the file).
environ.Env.read_env(os.environ.get("ENV_FILE") or BASE_DIR / ".env", overwrite=False)
# An empty variable is an unset one (its default): `DATABASE_URL=` in a shell or an .env file means "the
# default database", not a crash, and `SITE_URL=` does not blank the links of every e-mail.
env.ENVIRON = {name: value for name, value in os.environ.items() if value.strip()}

# Production unless DEBUG is explicitly on: `make run` (the demo) and the test suite set DEBUG=1 themselves.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="insecure-demo-key-change-me-in-production-0123456789abcdefghijklmnop"
    if DEBUG
    else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's address and name in e-mails and their links (`make run` sets SITE_URL from the address it
# serves).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Empty: "Recruitment portal" in the reader's language.
SITE_NAME = env.str("SITE_NAME", default="")

INSTALLED_APPS = [
    # modeltranslation must come before admin so its admin integration loads.
    "modeltranslation",
    # django.contrib.admin on a site whose every delete is an audited service (audit/sites.py).
    "audit.admin_apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "recruitment",
    "audit",
    "notifications",
    "vacancies",
    "applications",
    "committees",
    "scoring",
    "verification",
    # After the results (R-26, R-29 … R-40): winners and invitations; appointments; probation and management
    # mandates; appeals.
    "winners",
    "appointments",
    "probation",
    "mandates",
    "appeals",
    # Open data (feeds, sitemap, statistics, the public API): reads every app below, writes nothing.
    "publicdata",
    # Job alerts: saved searches of the open vacancies sent through the outbox.
    "alerts",
    # Data protection: privacy notice, a person's export and erasure, the retention schedule.
    "privacy",
    # The demo content and fixture generators (load_demo, seed_competition): above every other app.
    "demo",
]

MIDDLEWARE = [
    # First: request.received_at, the time a deadline is judged by (the proxy's X-Request-Start when trusted).
    "recruitment.middleware_ops.ArrivalTimeMiddleware",
    # request.request_id (nginx's X-Request-ID from a trusted proxy, else new) in every log line and error
    # report; one access line, and the request metrics, per request.
    "recruitment.middleware_ops.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Searches and filters never carry a NUL or another control character (PostgreSQL refuses NUL: a 500).
    "recruitment.lib.text.CleanQueryStringMiddleware",
    # A full disk raised by a view answers with a page saying nothing was kept and what to do (503), not a
    # 500.
    "recruitment.middleware_ops.StorageErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous visitor's public page from the store, before the session, language and authentication
    # (recruitment/lib/public_cache.py, issue 13).
    "recruitment.lib.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on every response to a signed-in person (pages and files with personal data).
    "recruitment.middleware_security.PrivateNoStoreMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it says why): signs out after SESSION_IDLE_TIMEOUT(_STAFF) without a request, or
    # SESSION_ABSOLUTE_TIMEOUT after sign-in.
    "recruitment.middleware_security.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication, messages, allauth and htmx: staff use a second factor before any data.
    "recruitment.middleware.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "recruitment.urls"
WSGI_APPLICATION = "recruitment.wsgi.application"
ASGI_APPLICATION = "recruitment.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "recruitment.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite is only the zero-setup default of the demo; tests and production use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's connection pool (Django >= 5.1). Pooling and persistent connections exclude
    # each other, so CONN_MAX_AGE stays 0 when the pool is on.
    if env.bool("DATABASE_POOL", default=not DEBUG):
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": env.int("DATABASE_POOL_MIN", default=2),
                "max_size": env.int("DATABASE_POOL_MAX", default=10),
                "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
            }
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_SERVER_SIDE_BINDING", default=True
):
    # Parameters sent apart from the SQL (psycopg's server-side binding): psycopg then prepares a statement a
    # connection runs 5 times, and PostgreSQL plans it once instead of on every run (issue 13: planning was
    # most of PostgreSQL's time in an upload; the roles' UNION read 152 µs planned each time, 20 µs prepared).
    # A connection lives across requests in the pool (or with CONN_MAX_AGE), so its statements stay prepared.
    # Django turns psycopg's preparing off unless told a threshold.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env.int("DATABASE_PREPARE_THRESHOLD", default=5)
    )
# Behind PgBouncer in transaction mode (several machines sharing one PostgreSQL): a connection is only ours
# for one transaction, so no server-side cursor (iterator() outside a transaction) and no prepared statement
# (psycopg prepares a query run 5 times) may outlive it. The audit chain's lock is pg_advisory_xact_lock: it
# is transaction-scoped and works there. Use PgBouncer's pool instead of psycopg's (DATABASE_POOL=0).
if (
    env.bool("DATABASE_PGBOUNCER", default=False)
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Cache and sessions ---------------------------------------------------------------------------
# Sessions and the cache behind allauth's rate limits live in the database, so a Redis outage
# breaks no page (Redis is only Celery's broker).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}
# The database store, its read written once (recruitment/lib/sessions.py, issue 13).
SESSION_ENGINE = "recruitment.lib.sessions"
# A session ends after this many seconds without a request (staff, who see other people's data, sooner),
# and in any case this long after signing in (recruitment/middleware_security.py).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=2 * 3600)
SESSION_IDLE_TIMEOUT_STAFF = env.int("SESSION_IDLE_TIMEOUT_STAFF", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# --- Accounts (django-allauth) --------------------------------------------------------------------
# Django's and allauth's, the signed-in user read by a query compiled once (recruitment/lib/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "recruitment.lib.auth_backends.ModelBackend",
    "recruitment.lib.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# A change of e-mail keeps the old address until the new one is verified by its link.
ACCOUNT_CHANGE_EMAIL = True
# Tell the person when their password or e-mail address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# People know themselves by their e-mail address; the username is internal.
ACCOUNT_USER_DISPLAY = "recruitment.adapters.user_display"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Portali i rekrutimit")
MFA_ADAPTER = "recruitment.adapters.PortalMFAAdapter"
# allauth's e-mails name the portal by SITE_NAME and SITE_URL, not by the host a request came in on.
ACCOUNT_ADAPTER = "recruitment.adapters.PortalAccountAdapter"
# "Trust this browser" would skip the code at log-in and leave no MFA record in the session.
MFA_TRUST_ENABLED = False
# e-ID ready: sign-in through an OpenID Connect provider (a national e-ID), allauth's openid_connect provider
# configured here, without code. Off unless OIDC_SERVER_URL is set; then the client id and secret are
# required.
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
if OIDC_SERVER_URL:
    INSTALLED_APPS += ["allauth.socialaccount", "allauth.socialaccount.providers.openid_connect"]
    SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": env.str("OIDC_PROVIDER_ID", default="e-id"),
                    "name": env.str("OIDC_PROVIDER_NAME", default="e-ID"),
                    "client_id": env.str("OIDC_CLIENT_ID"),
                    "secret": env.str("OIDC_CLIENT_SECRET"),
                    "settings": {
                        "server_url": OIDC_SERVER_URL,
                        "token_auth_method": env.str("OIDC_TOKEN_AUTH_METHOD", default="client_secret_basic"),
                    },
                }
            ],
        }
    }
    # Tokens are not kept: the portal needs the person's verified identity once, not access to the provider.
    SOCIALACCOUNT_STORE_TOKENS = False
    # Whether an address the provider vouches for signs in the account that already has it (the provider must
    # verify addresses; off unless the operator trusts it).
    SOCIALACCOUNT_EMAIL_AUTHENTICATION = env.bool("OIDC_EMAIL_AUTHENTICATION", default=False)
# Staff (recruitment.permissions.requires_second_factor) reach nothing but these views and
# allauth's own until they have used a second factor (recruitment.middleware).
SECOND_FACTOR_EXEMPT_VIEWS = [
    "home",
    "healthz",
    "set_language",
    "demo_mailbox",
    "admin:logout",
    "vacancies:list",
    "vacancies:archive",
    "vacancies:announcement",
    "vacancies:announcement_pdf",
    "vacancies:position",
    # Public pages of the committee draws: anyone may check them.
    "committees:draw_list",
    "committees:draw",
    "committees:draw_json",
    # Published shortlists: public.
    "verification:shortlist",
    "verification:shortlist_pdf",
    # The audit log's published checkpoints: public, so that anyone can keep a copy.
    "audit:checkpoints",
    "audit:checkpoints_json",
    "audit:checkpoints_text",
    # Open data: feeds, sitemap, robots.txt.
    "sitemap",
    "robots_txt",
    "favicon",
    "publicdata:feed",
    "publicdata:feed_institution",
    "publicdata:feed_category",
    "publicdata:statistics",
    "publicdata:statistics_position",
    "publicdata:statistics_csv",
    "publicdata:api_docs",
    "api:index",
    "api:openapi",
    "api:positions",
    "api:position",
    "api:announcements",
    "api:announcement",
    "api:shortlists",
    "api:shortlist",
    "api:results",
    "api:result",
    "api:draws",
    "api:draw",
    "api:statistics",
    "alerts:subscribe",
    "alerts:confirm",
    "alerts:unsubscribe",
    "privacy:notice",
    "privacy:accessibility",
]
# Exempt above only while the object in the URL is public: a draft announcement and its PDF are HR's
# preview, a staff page like any other (view name: (model, URL keyword, lookup of the public rows); an id
# that matches no public row asks staff for the code whether it is a draft or nothing, so drafts don't leak).
_PUBLIC_ANNOUNCEMENT = ("vacancies.Announcement", "announcement_id", {"status__in": ["published", "closed"]})
SECOND_FACTOR_EXEMPT_ONLY_IF_PUBLIC = {
    "vacancies:announcement": _PUBLIC_ANNOUNCEMENT,
    "vacancies:announcement_pdf": _PUBLIC_ANNOUNCEMENT,
    "vacancies:position": _PUBLIC_ANNOUNCEMENT,
}
# URL names, not paths, so that after logging in or out a person stays in their language.
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ----------------------------------------------------------------------------
# Albanian is the default; Serbian in Latin script and English follow.
LANGUAGE_CODE = "sq"
LANGUAGES = [
    ("sq", _("Albanian")),
    ("sr-latn", _("Serbian (Latin)")),
    ("en", _("English")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "sq"
MODELTRANSLATION_LANGUAGES = ("sq", "sr-latn", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sq",)
# The project's catalogue first (makemessages writes there); allauth's Albanian strings second (allauth ships
# none).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the institution's zone (Europe/Belgrade for Kosovo, Europe/Tirane).
TIME_ZONE = "Europe/Belgrade"
# Dates written and read as dd.mm.yyyy in every language; month-first input refused (recruitment/formats/).
FORMAT_MODULE_PATH = ["recruitment.formats"]

# --- Static files and documents ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Applicants' documents never live under MEDIA_ROOT: they are served only through a view that
# checks who asks (and, behind nginx, by X-Accel-Redirect to an internal location).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible private storage for documents (django-storages), when configured.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Documents on S3 are sent by a redirect to a presigned URL valid this many seconds (applications/views.py),
# signed for the address browsers reach the bucket at (AWS_S3_PUBLIC_ENDPOINT_URL; empty:
# AWS_S3_ENDPOINT_URL).
DOCUMENTS_PRESIGNED_SECONDS = env.int("DOCUMENTS_PRESIGNED_SECONDS", default=60)
AWS_S3_PUBLIC_ENDPOINT_URL = env.str("AWS_S3_PUBLIC_ENDPOINT_URL", default="")
# Documents on S3 are sent by a redirect to a presigned URL valid this many seconds (applications/views.py),
# signed for the address browsers reach the bucket at (AWS_S3_PUBLIC_ENDPOINT_URL; empty:
# AWS_S3_ENDPOINT_URL).
DOCUMENTS_PRESIGNED_SECONDS = env.int("DOCUMENTS_PRESIGNED_SECONDS", default=60)
AWS_S3_PUBLIC_ENDPOINT_URL = env.str("AWS_S3_PUBLIC_ENDPOINT_URL", default="")

# --- E-mail --------------------------------------------------------------------------------------
# The demo keeps every e-mail in the database, where /mailbox/ shows it (DEMO_MAILBOX).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="notifications.backends.DatabaseEmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portali@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP conversation may take before it counts as a failed attempt (shorter than
# OUTBOX_LEASE_SECONDS).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The domain of every message's Message-ID (<outbox-<id>@domain>); empty: the domain of DEFAULT_FROM_EMAIL.
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default="")
# The outbox (notifications/services.py): a message that can't be sent is tried again after
# OUTBOX_BACKOFF_SECONDS, doubling up to OUTBOX_BACKOFF_MAX_SECONDS, for OUTBOX_RETRY_DAYS; then it is
# "failed" and listed in the admin for a re-send. A worker's claim on a message lasts OUTBOX_LEASE_SECONDS (a
# worker that dies mid-send leaves it to the sweep after that; the copy it may have sent carries the same
# Message-ID).
OUTBOX_RETRY_DAYS = env.float("OUTBOX_RETRY_DAYS", default=3)
OUTBOX_BACKOFF_SECONDS = env.int("OUTBOX_BACKOFF_SECONDS", default=60)
OUTBOX_BACKOFF_MAX_SECONDS = env.int("OUTBOX_BACKOFF_MAX_SECONDS", default=3600)
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# Never in production: it lists every e-mail (password-reset links too) to anyone. Needs DEBUG and its own
# switch.
DEMO_MAILBOX = DEBUG and env.bool("DEMO_MAILBOX", default=False)

# --- Celery ------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the demo runs every task at once, in the request (eager).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's memory stays bounded (issue 13): WeasyPrint keeps what it grew to (750 MiB after a list of
# 5,000), so a child process is replaced after so many tasks, or after a task that left it above so many KiB.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Shorter than any countdown the portal uses, so an unacknowledged task comes back in time.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
}
# A web request publishes a delivery after its commit through a connection that gives up after this many
# seconds (notifications/services.py _schedule): a frozen or absent broker costs a page at most this long, and
# the outbox sweep sends the message later. No retry of a failed publish (beat's tasks come round again
# anyway).
CELERY_PUBLISH_TIMEOUT = env.float("CELERY_PUBLISH_TIMEOUT", default=0.05)
# Issue 13: a bulk write of messages (notify_bulk: a publication's notices) is delivered by one task per this
# many messages, not one per message (10,000 publishes cost as much CPU as writing the 10,000 messages).
OUTBOX_DELIVERY_CHUNK = env.int("OUTBOX_DELIVERY_CHUNK", default=100)
CELERY_TASK_PUBLISH_RETRY = False
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The demo's broker (`make run`): kombu's filesystem transport, messages as files in one folder that the
    # web process, load_demo and the worker share, so the demo runs a real worker and beat with no server to
    # install.
    CELERY_FILESYSTEM_FOLDER = env.path("CELERY_FILESYSTEM_FOLDER", default=BASE_DIR / ".demo-broker")
    for _sub in ("queue", "processed", "control"):
        (Path(CELERY_FILESYSTEM_FOLDER) / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        {
            "data_folder_in": str(Path(CELERY_FILESYSTEM_FOLDER) / "queue"),
            "data_folder_out": str(Path(CELERY_FILESYSTEM_FOLDER) / "queue"),
            "processed_folder": str(Path(CELERY_FILESYSTEM_FOLDER) / "processed"),
            "control_folder": str(Path(CELERY_FILESYSTEM_FOLDER) / "control"),
        }
    )
CELERY_BEAT_SCHEDULE: dict = {
    # Re-delivers whatever the outbox still holds (broker outage, a worker that died).
    "outbox-sweep": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
    },
    # Reminds people with a draft, once, when the deadline is DRAFT_REMINDER_HOURS away (idempotent).
    "draft-reminders": {
        "task": "applications.tasks.send_draft_reminders",
        "schedule": env.int("DRAFT_REMINDER_SWEEP_SECONDS", default=900),
    },
    # Tells HR, once per stage, that a list of potential committee members expires soon.
    "committee-pool-expiry": {"task": "committees.tasks.warn_expiring_pools", "schedule": 24 * 3600},
    # Reminds HR 10 and 13 days after the final closing while the shortlist is not published.
    "verification-reminders": {"task": "verification.tasks.send_verification_reminders", "schedule": 3600},
    # Decides each position whose deadline passed: extend once or close. Idempotent.
    "position-closing": {
        "task": "verification.tasks.close_due_positions",
        "schedule": env.int("POSITION_CLOSING_SWEEP_SECONDS", default=60),
    },
    # Revokes each appointment not reported by its last day, dated by the schedule; the next winner
    # is invited (winners.services.winner_remove). Idempotent.
    "appointments-revocation": {
        "task": "appointments.tasks.revoke_unreported_appointments",
        "schedule": env.int("APPOINTMENTS_REVOCATION_SWEEP_SECONDS", default=3600),
    },
    # Sends each confirmed job alert its new matches once a day or a week (alerts/services.py). Idempotent.
    "job-alerts": {"task": "alerts.tasks.send_job_alerts", "schedule": 3600},
    # Carries out the retention schedule (RETENTION_*): deletes and anonymises what is due, with a report.
    # Idempotent.
    "privacy-retention": {"task": "privacy.tasks.apply_retention", "schedule": 24 * 3600},
}
# Signs and publishes the audit chain's head (audit/services.py checkpoint_write); idempotent.
CELERY_BEAT_SCHEDULE["audit-checkpoint"] = {
    "task": "audit.tasks.write_checkpoint",
    "schedule": env.int("AUDIT_CHECKPOINT_SECONDS", default=3600),
}
# releases each post held vacant for an employee not confirmed once the time to appeal ran out without
# an appeal (decided by the last day, not by when the task runs). Idempotent.
CELERY_BEAT_SCHEDULE["appeals-r40-release"] = {
    "task": "appeals.tasks.release_unappealed_posts",
    "schedule": 3600,
}
# makes the winners list of each published result, follows a correction of the results the list has not
# followed yet, sends the invitations due and the postponed ones whose date came,
# lapses unanswered invitations at their deadline and expires lists after a year. Idempotent, decided
# by the scheduled deadlines.
CELERY_BEAT_SCHEDULE["winners-clocks"] = {
    "task": "winners.tasks.run_winners_clocks",
    "schedule": env.int("WINNERS_SWEEP_SECONDS", default=300),
}
# starts the probation of each appointee who reported: reminds HR a week before each clock
# and when overdue. Idempotent (one probation per appointment, one reminder per clock, scheduled date and
# stage).
CELERY_BEAT_SCHEDULE["probation-clocks"] = {"task": "probation.tasks.run_probation_clocks", "schedule": 3600}
# records each management appointee's mandate; reminds HR 6, 3, 1 month before its end and on the day.
CELERY_BEAT_SCHEDULE["mandate-clocks"] = {"task": "mandates.tasks.run_mandate_clocks", "schedule": 3600}
# Issue 13: a mass notice (notifications.NoticeRun: the results', the shortlist's, an extension's) is written
# by a task after the change it reports, MASS_NOTICES_BATCH notices a transaction; a run that made no
# progress for MASS_NOTICES_STALL_SECONDS (its worker died, the broker was down) is asked for again by the
# outbox's sweep (above). Idempotent (dedupe keys).
# Named MASS_NOTICES_* since every mass notice uses them; the earlier RESULTS_NOTICES_* names (from when only
# the results' notices did) are still read.
MASS_NOTICES_BATCH = env.int("MASS_NOTICES_BATCH", default=env.int("RESULTS_NOTICES_BATCH", default=2000))
MASS_NOTICES_STALL_SECONDS = env.int(
    "MASS_NOTICES_STALL_SECONDS", default=env.int("RESULTS_NOTICES_STALL_SECONDS", default=300)
)
REDIS_URL = env.str("REDIS_URL", default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")

# --- The regulation's configurable values (DOMAIN.md §10) ---------------------------------------------
# applications are accepted within 30 days of publication.
RULE_R8_2_MAX_APPLICATION_DAYS = env.int("RULE_R8_2_MAX_APPLICATION_DAYS", default=30)
# a committee member who is not a civil servant is paid a fixed fee per recruitment procedure.
COMMITTEE_NON_CIVIL_SERVANT_FEE_EUR = env.int("COMMITTEE_NON_CIVIL_SERVANT_FEE_EUR", default=250)
# reserves a quota for persons with disabilities without a figure: a share (text, exact). Default 2
# %, the one-in-fifty of Law 03/L-019 on the employment of persons with disabilities (scoring/results.py).
SCORING_DISABILITY_QUOTA = env.str("SCORING_DISABILITY_QUOTA", default="0.02")
# R-32: the final results are appealed to KPMSHCK "within the deadline of the law on administrative
# procedure", which the regulation does not state: Law No. 05/L-031 on General Administrative Procedure gives
# thirty days for an administrative appeal (appeals/rules.py; README's decisions table). Calendar days from
# the publication.
APPEAL_RESULTS_DAYS = env.int("APPEAL_RESULTS_DAYS", default=30)
# R-26.5 "afati i përcaktuar prej NJMBNJ": the days a winner has to answer an invitation (choose and consent,
# refuse, or state a reasonable cause); the invitation lapses at the end of the last day (winners/rules.py).
WINNERS_ANSWER_DAYS = env.int("WINNERS_ANSWER_DAYS", default=7)
# HR invites within 7 days of the list's publication; when HR has not invited by hand this many days
# after the publication, the beat sends the first invitation itself (never later than the 7th day:
# winners.rules.auto_invite_due keeps the deadline).
WINNERS_AUTO_INVITE_AFTER_DAYS = env.int("WINNERS_AUTO_INVITE_AFTER_DAYS", default=6)
# writes "dyzetepesë (25)": the words say 45 days, the digits 25. The meeting on the probation's
# evaluation takes place no later than this many days before its end; the digits by default (DOMAIN.md §10,
# README).
PROBATION_MEETING_DAYS_BEFORE = env.int("PROBATION_MEETING_DAYS_BEFORE", default=25)
# writes "dyzet (20)": words 40, digits 20. The supervisor's reasoned decision reaches HR this many
# days before the probation's end; the digits by default (DOMAIN.md §10, README).
PROBATION_DECISION_DAYS_BEFORE = env.int("PROBATION_DECISION_DAYS_BEFORE", default=20)

# --- Applications and their documents (applications/) --------------------------------------------------
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)  # one file
APPLICATION_MAX_BYTES = env.int(
    "APPLICATION_MAX_BYTES", default=50 * 1024 * 1024
)  # all files of an application
DOCUMENT_MAX_FILES_PER_REQUEST = env.int("DOCUMENT_MAX_FILES_PER_REQUEST", default=5)
# The work one document check may do (applications/documents.py): a file that needs more is refused, saying
# so.
DOCUMENT_PDF_MAX_OBJECTS = env.int("DOCUMENT_PDF_MAX_OBJECTS", default=20_000)
DOCUMENT_PDF_MAX_PAGES = env.int("DOCUMENT_PDF_MAX_PAGES", default=500)
DOCUMENT_CHECK_MAX_DECODED_BYTES = env.int("DOCUMENT_CHECK_MAX_DECODED_BYTES", default=30 * 1024 * 1024)
DOCUMENT_CHECK_SECONDS = env.float(
    "DOCUMENT_CHECK_SECONDS", default=2.0
)  # per file: a request of 5 files, 10 s at most
DOCUMENT_IMAGE_MAX_PIXELS = env.int("DOCUMENT_IMAGE_MAX_PIXELS", default=60_000_000)
# PDFs rendered on request (announcement, shortlist, results): per client, allauth's syntax ("" turns it off).
PDF_RATE_LIMIT = env.str("PDF_RATE_LIMIT", default="20/m/ip")
# Behind nginx: documents are sent by X-Accel-Redirect to this internal location (e.g. "/protected/"),
# mapped to PRIVATE_MEDIA_ROOT; empty: Django streams them itself. Either way only after the permission check.
DOCUMENTS_X_ACCEL_PREFIX = env.str("DOCUMENTS_X_ACCEL_PREFIX", default="")
DRAFT_REMINDER_HOURS = env.int("DRAFT_REMINDER_HOURS", default=48)
# R-25.1's "next working day" skips weekends and these dates (ISO, comma-separated: Kosovo's Law on official
# holidays moves some each year, e.g. Eid and both Easters), e.g.
# PUBLIC_HOLIDAYS=2026-01-01,2026-01-02,2026-01-07,2026-02-17.
PUBLIC_HOLIDAYS = [datetime.date.fromisoformat(day) for day in env.list("PUBLIC_HOLIDAYS", default=[])]
# A submission is judged by when the portal received it (recruitment/middleware_ops.py ArrivalTimeMiddleware):
# nginx's X-Request-Start (t=${msec}) from these addresses or networks (the proxy's; empty: the header is
# never trusted, and the time is taken at the entry of the application), at most REQUEST_START_MAX_AGE seconds
# old (longer than gunicorn's timeout); the beat decides a position's closing only that long after its
# deadline.
REQUEST_START_TRUSTED_PROXIES = env.list("REQUEST_START_TRUSTED_PROXIES", default=[])
REQUEST_START_MAX_AGE = env.float("REQUEST_START_MAX_AGE", default=60.0)

# --- Open data (publicdata/) -----------------------------------------------------------------------------
# Public statistics: a count of people under this is shown as "<N", and others are hidden with it so that it
# can't be derived from a total (publicdata/rules.py).
PUBLIC_STATISTICS_MIN_COUNT = env.int("PUBLIC_STATISTICS_MIN_COUNT", default=5)
# The public API (/api/v1/): seconds an answer is cached, and requests a client may make (allauth's syntax).
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/m/ip")

# --- Data protection (privacy/; Law No. 06/L-082) -----------------------------------------------------------
# Who runs the portal (the controller of each procedure is the institution that announced it), and the
# contact.
PRIVACY_OPERATOR = env.str("PRIVACY_OPERATOR", default="Komisioni Qendror i Zgjedhjeve (KQZ)")
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
# the results may be appealed within the administrative-procedure deadline; no erasure until it passed.
# The same deadline as the appeals app's (APPEAL_RESULTS_DAYS, Law No. 05/L-031): set one, both follow.
PRIVACY_APPEAL_DAYS = env.int("PRIVACY_APPEAL_DAYS", default=APPEAL_RESULTS_DAYS)
# The retention schedule (privacy/services.py retention_apply, daily): counted from the end of the procedure
# (its results published, or its shortlist when nobody was admitted).
RETENTION_DOCUMENTS_YEARS = env.int(
    "RETENTION_DOCUMENTS_YEARS", default=2
)  # files of unsuccessful candidates
RETENTION_APPLICATIONS_YEARS = env.int(
    "RETENTION_APPLICATIONS_YEARS", default=5
)  # then every application anonymised
RETENTION_UNCONFIRMED_ALERT_DAYS = env.int("RETENTION_UNCONFIRMED_ALERT_DAYS", default=30)
# After the results (winners/, appointments/, appeals/; README's decisions table).: a winners list is
# valid one year; then a winner who was not appointed keeps no consent scan nor free-text cause: deleted this
# many years after the list ended (the candidates' documents' period by default). The list's rows stay (the
# procedure's record, R-26.8) until the applications are anonymised.
RETENTION_WINNERS_YEARS = env.int("RETENTION_WINNERS_YEARS", default=RETENTION_DOCUMENTS_YEARS)
# an appeal awaiting KPMSHCK's decision is never touched; once decided, its scans and free texts
# (grounds, notes) are deleted this many years after the decision (the applications' period by default); the
# row (kind, dates, decision, effect) stays as the history. R-40's appeals belong to the employment record:
# not here.
RETENTION_APPEALS_YEARS = env.int("RETENTION_APPEALS_YEARS", default=RETENTION_APPLICATIONS_YEARS)
ACCESSIBILITY_STATEMENT_DATE = env.str("ACCESSIBILITY_STATEMENT_DATE", default="2026-12-05")

# --- Security -----------------------------------------------------------------------------------
# The audit chain's key (HMAC-SHA256, audit/chain.py): outside the database, never changed once events exist.
# Unset, a key derived from SECRET_KEY is used and `check --deploy` warns (audit.W001).
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default="")
# Where each signed checkpoint of the audit chain is e-mailed (an auditor outside the institution's IT).
AUDIT_CHECKPOINT_EMAIL = env.str("AUDIT_CHECKPOINT_EMAIL", default="")
# Content-Security-Policy (django-csp): the portal ships no inline script or style; the admin neither.
# frame-src 'self': HR's inline view of a document in a frame of the same site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
if STORAGES["private"]["BACKEND"] == "storages.backends.s3.S3Storage":
    # HR's inline view frames the presigned redirect's target: the bucket's public origin, and nothing else.
    from urllib.parse import urlsplit as _urlsplit

    _bucket = _urlsplit(AWS_S3_PUBLIC_ENDPOINT_URL or env.str("AWS_S3_ENDPOINT_URL", default=""))
    if _bucket.scheme and _bucket.netloc:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append(f"{_bucket.scheme}://{_bucket.netloc}")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Proxies in front of Django that append to X-Forwarded-For (nginx in docker-compose.yml: 1).
# allauth's per-IP rate limits then count the client, not the proxy; 0 trusts the header not at all.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# One JSON object a line with the request's id (LOG_FORMAT=json, production's default), or plain text.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "recruitment.lib.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "recruitment.lib.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env.str("LOG_LEVEL", default="INFO" if not DEBUG else "WARNING"),
    },
    # nginx writes the access log in production; this one carries the request id and the duration.
    "loggers": {
        "recruitment.access": {
            "level": env.str("ACCESS_LOG_LEVEL", default="INFO" if not DEBUG else "WARNING")
        }
    },
}

# --- The operator's kit
# ------------------------------------------------------------------------------------------ Error reports to
# Sentry (or a compatible service) when set; personal data scrubbed (recruitment/lib/observability.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from recruitment.lib.observability import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
    )
# /metrics (Prometheus): a scraper sends "Authorization: Bearer <METRICS_TOKEN>"; superusers may read it
# signed in.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# The worker's and beat's heartbeat (recruitment/tasks.py): /healthz calls one "stale" after three periods.
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["heartbeat"] = {
    "task": "recruitment.tasks.heartbeat",
    "schedule": HEARTBEAT_SECONDS,
    "options": {"expires": HEARTBEAT_SECONDS},
}
# Expired sessions and cache rows, and unfinished uploads' temporary files, deleted daily.
CELERY_BEAT_SCHEDULE["clean-up"] = {"task": "recruitment.tasks.clean_up", "schedule": 24 * 3600}
