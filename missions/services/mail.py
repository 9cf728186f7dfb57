"""Outgoing e-mail: written with the change that calls for it, sent after the commit by a task.

`send_email_after_commit` records an OutgoingEmail row in the caller's transaction and enqueues the task
`missions.tasks.send_email` in `transaction.on_commit`: a rolled-back change sends nothing, and the mail
server is never talked to inside a request's transaction, so an SMTP failure can neither undo nor block
the change. The task records the outcome on the row (sent, or failed with the error); failed and pending
mails of an establishment are listed on its "Courriels" page, where the head sends them again (`retry`).
"""

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from missions.models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status


def send_email_after_commit(*, to, subject, body, establishment=None, html_body=None) -> OutgoingEmail:
    """Queue one e-mail to `to`, sent once the current transaction commits (at once outside one)."""
    email = OutgoingEmail.objects.create(
        establishment=establishment,
        to=to,
        subject=subject[:255],
        body=body,
        html_body=html_body or "",
    )
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(outgoing_email_id: int) -> None:
    from missions.tasks import send_email

    try:
        send_email.enqueue(outgoing_email_id)
    except Exception:  # the row stays "pending" and listed: the head can send it again
        logger.exception("Could not enqueue e-mail %s", outgoing_email_id)


def deliver(outgoing_email_id: int) -> str:
    """The task's work: send the mail unless already sent; record success or the error. Returns the status."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=outgoing_email_id).first()
        if email is None or email.status == Status.SENT:
            return Status.SENT
        email.attempts += 1
        message = EmailMultiAlternatives(email.subject, email.body, None, [email.to])
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        try:
            message.send()
        except Exception as error:  # any refusal of the mail server is recorded, never raised to a request
            logger.warning("E-mail %s to user address failed: %s", email.pk, error)
            email.status, email.last_error = Status.FAILED, f"{type(error).__name__}: {error}"[:500]
        else:
            email.status, email.sent_at, email.last_error = Status.SENT, timezone.now(), ""
            email.body = email.html_body = ""  # an invitation's link must not outlive its sending
        email.save(update_fields=["attempts", "status", "last_error", "sent_at", "body", "html_body"])
        return email.status


@transaction.atomic
def retry(email: OutgoingEmail) -> None:
    """Send a failed (or stuck) mail again."""
    email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
    if email.status == Status.SENT:
        return
    email.status = Status.PENDING
    email.save(update_fields=["status"])
    transaction.on_commit(lambda: _enqueue(email.pk))


def unsent_emails(establishment):
    """What the "Courriels" page lists: the establishment's mails not sent (failed first)."""
    return establishment.outgoing_emails.exclude(status=Status.SENT).order_by(
        "status", "-created_at"
    )  # "failed" before "pending"
