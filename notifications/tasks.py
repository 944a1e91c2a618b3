from celery import shared_task

from .services import message_deliver, notice_run_write, notice_runs_resume, outbox_sweep


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
    notice_runs_resume()  # a mass notice whose task stopped (issue 13) is asked for again
    return outbox_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def write_notice_run(run_id: int) -> int:
    """A mass notice's messages (notifications.services.notice_run_write); run again, it writes nothing
    twice."""
    return notice_run_write(run_id=run_id)
