"""Accounts: throttling of failed sign-ins and invitations to set a password.

Both live in the database, so they hold across any number of app servers.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from missions.models import FailedLogin, PasswordResetRequest, RoleGrant, StaffMember, User
from missions.services.mail import send_email_after_commit

logger = logging.getLogger(__name__)

# --- throttling of failed sign-ins --------------------------------------------------------------


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def throttle_key(email: str) -> str:
    """The address failures count against: the account's own when the typed address reaches one.

    Sign-in finds the account with the database's case-insensitive match (email__iexact), which is wider than
    Python's lower(): on PostgreSQL UPPER('ı') is 'I', so "vıctime@…" signs in as victime@…. Keying on the
    typed address would give every such variant a fresh count of attempts.
    """
    try:
        user = User._default_manager.get_by_natural_key((email or "").strip())
    except (User.DoesNotExist, User.MultipleObjectsReturned):
        return normalize_email(email)
    return normalize_email(user.email)


def failure_window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def _lock_end(times: list[datetime]) -> datetime:
    """The lock lifts when the LOGIN_MAX_FAILURES-th most recent of these failures leaves the window."""
    return sorted(times)[-settings.LOGIN_MAX_FAILURES] + failure_window()


def begin_attempt(email: str, ip_address: str | None = None) -> datetime | None:
    """Record a sign-in attempt as a failure BEFORE its password is tried; say whether it may go on.

    Returns None when the password may be tried — the caller then clears the failures if it is right and
    leaves the attempt recorded as the failure if it is wrong — or, when the address is locked out, the
    time the lock lifts.

    Why record first: checking the count and recording the failure after the password check let a burst
    of simultaneous attempts all pass the check before any failure was written. Here each attempt is
    committed (autocommit: never call this inside a transaction) before it counts the failures of the window, so whichever attempt counts last
    among any LOGIN_MAX_FAILURES + 1 sees all of them and is refused: at most LOGIN_MAX_FAILURES
    passwords are tried per window, on every database, without locks or a transaction held open while
    the password is hashed. A refused attempt is removed when LOGIN_MAX_FAILURES failures precede it
    (the address was already locked: hammering the form must not prolong the lock); one of the first
    LOGIN_MAX_FAILURES of a burst stays, so a burst always leaves the address locked.
    """
    now = timezone.now()
    window_start = now - failure_window()
    # Old failures are useless: purge them here rather than in a periodic job.
    FailedLogin.objects.filter(at__lte=window_start).delete()
    key = throttle_key(email)[:254]
    attempt = FailedLogin.objects.create(email=key, ip_address=ip_address or None, at=now)
    recent = list(FailedLogin.objects.filter(email=key, at__gt=window_start).values_list("pk", "at"))
    if len(recent) <= settings.LOGIN_MAX_FAILURES:
        return None
    earlier = [at for pk, at in recent if pk < attempt.pk]
    if len(earlier) >= settings.LOGIN_MAX_FAILURES:
        attempt.delete()
        return _lock_end(earlier)
    return _lock_end([at for _, at in recent])


def clear_failed_logins(email: str) -> None:
    FailedLogin.objects.filter(email=throttle_key(email)).delete()


# --- invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    user: User
    created: bool  # a new account was created for the person
    sent_link: bool  # the e-mail carries a link to set a password (else: "you now have access")


def account_status(user: User | None, *, accepted_here: bool = True) -> str:
    """ "none", "pending" (invited, no password yet), "active" or "disabled": what the staff pages show.

    `accepted_here`: whether the account holds an accepted role in the establishment looking at it. An
    account that does not (one of another establishment, linked by its e-mail) shows as "pending" whatever
    its state: the page must not tell another establishment's accounts apart.
    """
    if user is None:
        return "none"
    if not accepted_here:
        return "pending"
    if not user.is_active:
        return "disabled"
    return "active" if user.has_usable_password() else "pending"


def account_statuses(members, establishment) -> list[str]:
    """`account_status` of each staff record of `establishment`, in one query."""
    user_ids = {member.user_id for member in members if member.user_id}
    accepted = set(
        RoleGrant.objects.filter(
            establishment=establishment, pending=False, user_id__in=user_ids
        ).values_list("user_id", flat=True)
    )
    return [account_status(member.user, accepted_here=member.user_id in accepted) for member in members]


def invitation_path(user: User) -> str:
    return reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _find_or_create_user(email: str, first_name: str, last_name: str) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=normalize_email(email)).first()
    if user is not None:
        return user, False
    # No password: the person chooses it through the invitation link.
    return User.objects.create_user(email, first_name=first_name, last_name=last_name), True


def link_account(staff: StaffMember) -> tuple[User, bool]:
    """The account of a staff record: the one linked, or the one with its e-mail, or a new one (no password).

    Returns (user, created). One person working in two establishments keeps one account.
    """
    if staff.user_id is not None:
        return staff.user, False
    if not staff.email:
        raise ValidationError(
            "Impossible d'inviter %(name)s : sa fiche n'a pas d'adresse électronique. "
            "Ajoutez-la d'abord en modifiant la fiche.",
            params={"name": staff.display_name},
            code="no_email",
        )
    user, created = _find_or_create_user(staff.email, staff.first_name, staff.usage_name)
    staff.user = user
    staff.save(update_fields=["user", "updated_at"])
    return user, created


@transaction.atomic
def invite(
    staff_member_or_user, *, inviter, establishment, base_url: str | None = None, role_to_accept=None
) -> Invitation:
    """Give a person an account and e-mail them how to sign in.

    For a staff record, the account comes from `link_account`. The e-mail carries a link to
    `invitation/<uidb64>/<token>/` (Django's token: valid PASSWORD_RESET_TIMEOUT, single use since it
    depends on the password) unless the person already has a password. With `role_to_accept` (a pending
    RoleGrant) it asks the person to accept that role on their "Invitations" page.
    """
    if isinstance(staff_member_or_user, StaffMember):
        staff = staff_member_or_user
        if staff.establishment_id != establishment.pk:
            raise ValidationError("Cette personne ne fait pas partie de l'établissement.")
        user, created = link_account(staff)
    else:
        user, created = staff_member_or_user, False
    if not user.is_active:
        raise ValidationError(
            "Le compte de %(email)s est désactivé : un administrateur doit le réactiver.",
            params={"email": user.email},
            code="inactive",
        )
    sent_link = not user.has_usable_password()
    send_invitation_email(
        user,
        inviter=inviter,
        establishment=establishment,
        base_url=base_url,
        link=sent_link,
        role_to_accept=role_to_accept,
    )
    return Invitation(user=user, created=created, sent_link=sent_link)


def send_invitation_email(user, *, inviter, establishment, base_url=None, link=True, role_to_accept=None):
    """Queue the invitation, sent after the commit (a mail server failure shows on the "Courriels" page)."""
    base_url = (base_url or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")
    context = {
        "user": user,
        "inviter_name": inviter.get_full_name() or inviter.email if inviter else "L'équipe de direction",
        "establishment": establishment,
        "invitation_url": base_url + invitation_path(user) if link else None,
        "login_url": base_url + reverse("login"),
        "role_to_accept": role_to_accept,
        "accept_url": base_url + reverse("role_invitations"),
        "validity_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    subject = f"Invitation à IMP & pHARe — {establishment.name}"
    body = render_to_string("accounts/invitation_email.txt", context)
    return send_email_after_commit(to=user.email, subject=subject, body=body, establishment=establishment)


# --- "forgotten password" requests ------------------------------------------------------------------


def reset_window() -> timedelta:
    return timedelta(seconds=settings.PASSWORD_RESET_WINDOW)


def request_password_reset(email: str, *, ip_address: str | None, base_url: str) -> None:
    """Accept a "forgotten password" request, or refuse it when too many came recently.

    Limits: PASSWORD_RESET_MAX_PER_ADDRESS requests per address and PASSWORD_RESET_MAX_PER_CLIENT per client
    address within PASSWORD_RESET_WINDOW seconds. The answer and its timing say nothing of whether the
    address has an account: the request is recorded and a task queued in every case; the task looks the
    account up and builds the mail, out of the request (missions.tasks.send_password_reset).
    Like begin_attempt, the request is recorded before it is counted, so a burst cannot slip past the limit.
    """
    from missions.tasks import send_password_reset

    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lte=now - reset_window()).delete()
    key = normalize_email(email)[:254]
    attempt = PasswordResetRequest.objects.create(email=key, ip_address=ip_address or None, at=now)
    recent = PasswordResetRequest.objects.filter(at__gt=now - reset_window(), pk__lte=attempt.pk)
    too_many = recent.filter(email=key).count() > settings.PASSWORD_RESET_MAX_PER_ADDRESS or (
        ip_address and recent.filter(ip_address=ip_address).count() > settings.PASSWORD_RESET_MAX_PER_CLIENT
    )
    if too_many:
        attempt.delete()  # a refused request does not prolong the wait
        raise ValidationError(
            "Trop de demandes de réinitialisation ont été faites pour cette adresse ou depuis ce poste. "
            "Réessayez dans une heure, ou demandez à votre chef d'établissement de vous inviter de nouveau.",
            code="reset_throttled",
        )
    transaction.on_commit(lambda: send_password_reset.enqueue(key, base_url))


def send_password_reset_emails(email: str, base_url: str) -> int:
    """The task's work: queue a reset mail to each active account of `email` (none if there is none)."""
    base_url = base_url.rstrip("/")
    users = User.objects.filter(email__iexact=normalize_email(email), is_active=True)
    for user in users:
        context = {
            "email": user.email,
            "protocol": base_url.split("://", 1)[0],
            "domain": base_url.split("://", 1)[-1],
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.txt", context)
        send_email_after_commit(to=user.email, subject=subject, body=body)
    return len(users)
