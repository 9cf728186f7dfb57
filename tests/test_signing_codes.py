# ruff: noqa: F811 — the letter fixtures (draft, allocations, teacher) come from test_letters
"""Signing a letter with a one-time code sent by e-mail instead of the password (missions.letters.signing_codes)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from missions.events import events_about
from missions.letters import signing_codes, workflow
from missions.models import MissionLetter, SigningCode
from tests.factories import DEMO_PASSWORD
from tests.test_letters import allocations, draft, teacher  # noqa: F401 (fixtures)

Status = MissionLetter.Status


@pytest.fixture
def sent(draft, personas):
    workflow.send_letter(draft, actor=personas.head)
    mail.outbox.clear()
    return draft


def request_code(client, letter, establishment, capture) -> str:
    """Ask for a code on the page (the mail goes after the commit), and read it from the mail that was sent."""
    with capture(execute=True):
        response = client.post(reverse("letter_sign_code", args=[establishment.uai, letter.pk]), follow=True)
    assert "Un code de signature a été envoyé" in response.content.decode()
    return re.search(r"code de signature : (\d{6})", mail.outbox[-1].body).group(1)


def sign(client, letter, establishment, **data):
    url = reverse("letter_sign", args=[establishment.uai, letter.pk])
    return client.post(url, {"consent": "on", **data}, HTTP_USER_AGENT="Téléphone", follow=True)


def test_the_person_signs_with_the_code_mailed_to_them(
    sent, personas, client, establishment, django_capture_on_commit_callbacks
):
    client.force_login(personas.staff)
    code = request_code(client, sent, establishment, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [personas.staff.email]
    assert "Coordination de discipline" not in message.body  # the code, nothing of the letter
    page = sign(client, sent, establishment, code=code)

    sent.refresh_from_db()
    assert sent.status == Status.SIGNED, page.content.decode()
    evidence = events_about(sent).get(action="letter.signed").data
    assert evidence["method"].startswith("code à usage unique envoyé par courriel à ")
    assert personas.staff.email not in evidence["method"]  # masked
    assert SigningCode.objects.get().used_at is not None
    assert SigningCode.objects.get().code_hash != code  # only a keyed hash is kept


def test_a_wrong_code_signs_nothing_and_five_wrong_tries_void_it(
    sent, personas, client, establishment, django_capture_on_commit_callbacks
):
    client.force_login(personas.staff)
    code = request_code(client, sent, establishment, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    for _ in range(signing_codes.MAX_ATTEMPTS):
        page = sign(client, sent, establishment, code=wrong)
        assert "Code incorrect ou expiré" in page.content.decode()
    # the count survived the refusals (each rolled back its own change), and the right code is now void
    assert SigningCode.objects.get().attempts == signing_codes.MAX_ATTEMPTS
    page = sign(client, sent, establishment, code=code)

    sent.refresh_from_db()
    assert sent.status == Status.SENT
    assert "Code incorrect ou expiré" in page.content.decode()


def test_a_replaced_a_used_or_an_expired_code_is_refused(sent, personas, django_capture_on_commit_callbacks):
    user = personas.staff

    def new_code() -> str:
        SigningCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))  # past the resend delay
        with django_capture_on_commit_callbacks(execute=True):
            signing_codes.send_signing_code(sent, user)
        return re.search(r"(\d{6})", mail.outbox[-1].body).group(1)

    first, second = new_code(), new_code()
    assert not signing_codes.use_signing_code(sent, user, first)  # replaced by the second
    assert signing_codes.use_signing_code(sent, user, second)
    assert not signing_codes.use_signing_code(sent, user, second)  # one use
    third = new_code()
    SigningCode.objects.filter(used_at=None).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not signing_codes.use_signing_code(sent, user, third)  # expired


def test_a_code_is_not_resent_within_a_minute_and_serves_only_its_letter_and_person(
    sent, personas, client, establishment, django_capture_on_commit_callbacks
):
    client.force_login(personas.staff)
    code = request_code(client, sent, establishment, django_capture_on_commit_callbacks)
    again = client.post(reverse("letter_sign_code", args=[establishment.uai, sent.pk]), follow=True)

    assert "attendez une minute" in again.content.decode()
    assert len(mail.outbox) == 1
    assert not signing_codes.use_signing_code(sent, personas.head, code)  # another person


def test_the_password_still_signs_and_one_of_the_two_is_required(sent, personas, client, establishment):
    client.force_login(personas.staff)

    empty = sign(client, sent, establishment)
    assert "Saisissez votre mot de passe ou le code reçu par courriel" in empty.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SENT
    page = client.get(reverse("letter_sign", args=[establishment.uai, sent.pk]))
    assert "Recevoir un code par courriel" in page.content.decode()


def test_no_code_is_sent_for_a_letter_that_no_longer_waits_for_a_signature(
    sent, personas, client, establishment
):
    workflow.sign_letter(sent, user=personas.staff, password=DEMO_PASSWORD, consent=True)
    client.force_login(personas.staff)

    response = client.post(reverse("letter_sign_code", args=[establishment.uai, sent.pk]), follow=True)

    assert "attend pas votre signature" in response.content.decode()
    assert SigningCode.objects.count() == 0 and mail.outbox == []
