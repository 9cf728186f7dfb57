"""Background tasks of the `missions` app (Django's tasks framework; django-tasks-db runs them in production,
`python manage.py db_worker`; the test settings run them immediately)."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(*, to: list[str], subject: str, body: str, html_body: str | None = None) -> None:
    """Send one e-mail. Arguments are plain strings: a task row never holds a model or pupil data."""
    message = EmailMultiAlternatives(subject, body, None, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
