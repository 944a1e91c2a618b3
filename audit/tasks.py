from celery import shared_task

from .services import checkpoint_write


@shared_task
def write_checkpoint() -> int | None:
    """Beat: sign and publish the audit chain's head (idempotent: nothing new when the head did not move)."""
    checkpoint = checkpoint_write()
    return checkpoint.pk if checkpoint else None
