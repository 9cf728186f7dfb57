"""One-time codes sent by e-mail: the other way to confirm one's identity when signing a letter.

A person who signs once a year may not remember their password; a code sent to their address proves the same
thing (control of the account's mailbox, like a password reset). Six digits, valid ten minutes, one use, void
after five wrong tries; a new code replaces the previous one and is not sent more than once a minute. Only a
keyed hash (HMAC with SECRET_KEY) is stored; the mail holds the code and nothing of the letter.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from missions.models import SigningCode
from missions.services.mail import send_email_after_commit

DIGITS = 6
VALIDITY = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=1)
METHOD = "code à usage unique envoyé par courriel"


def _hash(letter_id: int, user_id: int, code: str) -> str:
    return salted_hmac(
        "missions.signing_code", f"{letter_id}:{user_id}:{code}", algorithm="sha256"
    ).hexdigest()


def masked_address(email: str) -> str:
    """ "c.durand@ac-paris.fr" -> "c…@ac-paris.fr": enough to recognise one's own address."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def send_signing_code(letter, user) -> SigningCode:
    """Make a new code for `user` to sign `letter` and mail it (after commit). Refused within a minute of the
    previous one, so that the page cannot be used to flood a mailbox."""
    now = timezone.now()
    with transaction.atomic():
        previous = SigningCode.objects.select_for_update().filter(letter=letter, user=user, used_at=None)
        if any(code.created_at > now - RESEND_AFTER for code in previous):
            raise ValidationError(
                "Un code vient de vous être envoyé : attendez une minute avant d'en demander un autre."
            )
        previous.update(used_at=now)  # a new code replaces the ones not used
        code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
        signing_code = SigningCode.objects.create(
            letter=letter, user=user, code_hash=_hash(letter.pk, user.pk, code), expires_at=now + VALIDITY
        )
        send_email_after_commit(
            to=user.email,
            subject="Votre code pour signer votre lettre de mission",
            body=(
                f"Bonjour,\n\nVotre code de signature : {code}\n\n"
                f"Saisissez-le sur la page de signature de votre lettre de mission ; il vaut {VALIDITY.seconds // 60} "
                "minutes et ne sert qu'une fois.\nSi vous n'avez pas demandé ce code, ignorez ce message : "
                "sans lui, rien n'est signé.\n"
            ),
            establishment=letter.establishment,
        )
    return signing_code


def use_signing_code(letter, user, code: str) -> bool:
    """Whether `code` is the valid code `user` received for `letter`; it is then spent. A wrong code counts as a
    try, in its own transaction, so that the refusal which follows cannot roll the count back."""
    code = "".join((code or "").split())
    now = timezone.now()
    with transaction.atomic():
        current = (
            SigningCode.objects.select_for_update()
            .filter(letter=letter, user=user, used_at=None, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS)
            .first()
        )
        if current is None:
            return False
        if not constant_time_compare(current.code_hash, _hash(letter.pk, user.pk, code)):
            current.attempts += 1
            current.save(update_fields=["attempts"])
            return False
        current.used_at = now
        current.save(update_fields=["used_at"])
        return True
