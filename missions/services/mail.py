"""Outgoing e-mail: always after the transaction commits, through a background task.

An SMTP failure then never rolls back or slows down the request that caused the mail.
"""

from functools import partial

from django.db import transaction

from missions.tasks import send_email


def send_email_after_commit(*, to, subject: str, body: str, establishment=None, html_body=None) -> None:
    """Queue an e-mail once the current transaction commits (at once outside a transaction)."""
    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(
        partial(send_email.enqueue, to=recipients, subject=subject, body=body, html_body=html_body)
    )
