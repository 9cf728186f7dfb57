"""E-mails are written with the change, sent after the commit by a task; failures are listed and retried."""

from django.core import mail
from django.db import transaction
from django.urls import reverse

from missions.models import OutgoingEmail, PasswordResetRequest, Role, RoleGrant
from missions.services.mail import send_email_after_commit
from tests.factories import StaffMemberFactory, UserFactory

REFUSING_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens: connection refused
    }
}


def test_a_mail_is_sent_only_once_the_change_commits(db, establishment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_email_after_commit(
            to="a@example.org", subject="Objet", body="Texte", establishment=establishment
        )
        assert mail.outbox == []  # not inside the transaction
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.body) == ("sent", 1, "")  # the body does not outlive sending


def test_a_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_email_after_commit(to="a@example.org", subject="Objet", body="Texte")
                raise RuntimeError("la modification échoue")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_an_smtp_failure_keeps_the_change_and_shows_a_retryable_mail(
    head_client, establishment, settings, django_capture_on_commit_callbacks
):
    staff = StaffMemberFactory(establishment=establishment, email="nouvelle@example.org")
    settings.MAILERS = REFUSING_SMTP
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(reverse("staff_invite", args=[establishment.uai, staff.pk]))
    # the invitation's account and role are kept; the mail is recorded as failed, with its error
    assert response.status_code == 302
    staff.refresh_from_db()
    assert RoleGrant.objects.filter(user=staff.user, role=Role.STAFF).exists()
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.to) == ("failed", 1, "nouvelle@example.org")
    assert "/invitation/" in email.body and email.last_error

    page = head_client.get(reverse("email_list", args=[establishment.uai])).content.decode()
    assert "nouvelle@example.org" in page and "Échec" in page and "Réessayer" in page

    # the mail server is back: "Réessayer" sends it
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(reverse("email_retry", args=[establishment.uai, email.pk]), follow=True)
    assert "Le courriel à nouvelle@example.org est renvoyé." in response.content.decode()
    assert len(mail.outbox) == 1 and "/invitation/" in mail.outbox[0].body
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert (
        "nouvelle@example.org"
        not in head_client.get(reverse("email_list", args=[establishment.uai])).content.decode()
    )


def test_the_mail_page_shows_only_the_establishments_mails(head_client, establishment, other_establishment):
    OutgoingEmail.objects.create(
        establishment=other_establishment, to="ailleurs@example.org", subject="X", status="failed"
    )
    page = head_client.get(reverse("email_list", args=[establishment.uai])).content.decode()
    assert "ailleurs@example.org" not in page
    other = OutgoingEmail.objects.get()
    assert head_client.post(reverse("email_retry", args=[establishment.uai, other.pk])).status_code == 404


# --- "forgotten password" --------------------------------------------------------------------------------


def ask_reset(client, email, ip="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_answers_the_same_whether_the_address_exists_or_not(
    client, db, django_capture_on_commit_callbacks
):
    UserFactory(email="claire@example.org")
    with django_capture_on_commit_callbacks() as known_callbacks:
        known = ask_reset(client, "claire@example.org")
    with django_capture_on_commit_callbacks() as unknown_callbacks:
        unknown = ask_reset(client, "personne@example.org")
    # same answer, same work in the request (one task queued after the answer), nothing sent yet
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(known_callbacks) == len(unknown_callbacks) == 1
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()
    # the task, after the answer, finds the account and sends its mail; nothing for the unknown address
    with django_capture_on_commit_callbacks(execute=True):
        for callback in known_callbacks + unknown_callbacks:
            callback()
    assert [message.to for message in mail.outbox] == [["claire@example.org"]]


def test_reset_requests_are_limited_per_address(client, db, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 2
    UserFactory(email="claire@example.org")
    assert ask_reset(client, "claire@example.org").status_code == 302
    assert ask_reset(client, "Claire@example.org", ip="198.51.100.1").status_code == 302
    response = ask_reset(client, "claire@example.org", ip="198.51.100.2")
    assert response.status_code == 200
    assert "Trop de demandes de réinitialisation" in response.content.decode()
    assert PasswordResetRequest.objects.count() == 2  # the refused one is not kept
    # the same refusal for an address without an account: it reveals nothing
    for _ in range(2):
        ask_reset(client, "personne@example.org")
    assert "Trop de demandes" in ask_reset(client, "personne@example.org").content.decode()


def test_reset_requests_are_limited_per_client(client, db, settings):
    settings.PASSWORD_RESET_MAX_PER_CLIENT = 3
    for number in range(3):
        assert ask_reset(client, f"p{number}@example.org").status_code == 302
    response = ask_reset(client, "p9@example.org")
    assert "Trop de demandes de réinitialisation" in response.content.decode()
    assert ask_reset(client, "p9@example.org", ip="198.51.100.9").status_code == 302


def test_no_view_opens_a_transaction_itself():
    """Transactions live in the services (one write path per change)."""
    from pathlib import Path

    views = Path(__file__).resolve().parent.parent / "missions" / "views"
    offenders = [path.name for path in views.glob("*.py") if "transaction" in path.read_text()]
    assert offenders == []
