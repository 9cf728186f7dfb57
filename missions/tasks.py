"""Background tasks (django.tasks): the immediate backend in tests, django-tasks-db in production."""

from django.tasks import task


@task()
def send_email(outgoing_email_id: int) -> str:
    """Send one OutgoingEmail and record the outcome on its row (see missions.services.mail)."""
    from missions.services.mail import deliver

    return deliver(outgoing_email_id)


@task()
def send_password_reset(email: str, base_url: str) -> int:
    """Build and queue the reset mails of `email`, out of the request so it takes the same time either way."""
    from missions.services.accounts import send_password_reset_emails

    return send_password_reset_emails(email, base_url)
