from celery import shared_task

from .services import message_deliver, outbox_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_message(message_id: int) -> bool:
    return message_deliver(message_id=message_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_messages(message_ids: list[int]) -> int:
    """Many messages of one bulk write (notify_bulk), one after the other; each is claimed on its own, so a
    redelivery after a worker's death sends only those not sent yet. Returns how many this call sent."""
    return sum(1 for message_id in message_ids if message_deliver(message_id=message_id))


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_outbox() -> int:
    return outbox_sweep()
