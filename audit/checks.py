from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_key_is_set(app_configs, **kwargs):
    """The chain's key must not be derivable from SECRET_KEY alone in production: rotating SECRET_KEY would
    make every past event look forged, and one leaked secret would expose both."""
    problems = []
    if not getattr(settings, "AUDIT_HMAC_KEY", ""):
        problems.append(
            Warning(
                "AUDIT_HMAC_KEY is not set: the audit chain is keyed with a key derived from SECRET_KEY.",
                hint=(
                    "Set AUDIT_HMAC_KEY to 50 or more random characters, kept outside the database, "
                    "and never change it."
                ),
                id="audit.W001",
            )
        )
    elif len(settings.AUDIT_HMAC_KEY) < 32 or "change-me" in settings.AUDIT_HMAC_KEY:
        problems.append(
            Warning(
                "AUDIT_HMAC_KEY is short or a placeholder.",
                hint="Use 50 or more random characters.",
                id="audit.W002",
            )
        )
    if not getattr(settings, "AUDIT_CHECKPOINT_EMAIL", ""):
        problems.append(
            Warning(
                "AUDIT_CHECKPOINT_EMAIL is not set: the audit checkpoints are published on the site only.",
                hint="Send them to an address outside the institution's control (e.g. its internal auditor).",
                id="audit.W003",
            )
        )
    return problems
