"""Sign-in, throttling, sign-out, session expiry, password reset and invitations."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missions.models import FailedLogin, User
from missions.services.accounts import invite
from tests.factories import DEMO_PASSWORD, StaffMemberFactory, UserFactory

NEW_PASSWORD = "Une-phrase-de-passe-2026"


def sign_in(client, email, password=DEMO_PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


# --- sign-in ---------------------------------------------------------------------------------------


def test_sign_in_page_shows_email_and_password_fields(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content and 'type="email"' in content
    assert 'name="password"' in content
    assert "Mot de passe oublié" in content


def test_a_person_signs_in_with_their_email_whatever_its_case(client, db):
    user = UserFactory(email="claire.durand@example.org")
    response = sign_in(client, "Claire.Durand@Example.org")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert signed_in_user_id(client) == str(user.pk)


def test_a_wrong_password_is_refused_with_a_french_message(client, db):
    UserFactory(email="claire@example.org")
    response = sign_in(client, "claire@example.org", "pas-le-bon")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert signed_in_user_id(client) is None
    assert FailedLogin.objects.filter(email="claire@example.org").count() == 1


def test_after_too_many_failures_even_the_right_password_is_refused(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 3
    UserFactory(email="claire@example.org")
    for _ in range(3):
        sign_in(client, "claire@example.org", "devine")

    response = sign_in(client, "claire@example.org")

    assert signed_in_user_id(client) is None
    assert "Trop de tentatives de connexion ont échoué" in response.content.decode()
    # The refused attempt is not counted: the lock cannot be prolonged by hammering the form.
    assert FailedLogin.objects.filter(email="claire@example.org").count() == 3


def test_the_lock_applies_to_the_address_whatever_its_case(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 2
    UserFactory(email="claire@example.org")
    sign_in(client, "CLAIRE@example.org", "devine")
    sign_in(client, "claire@EXAMPLE.org", "devine")
    sign_in(client, "claire@example.org")
    assert signed_in_user_id(client) is None


def test_the_lock_lifts_when_the_window_has_passed(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_FAILURE_WINDOW = 15 * 60
    user = UserFactory(email="claire@example.org")
    for _ in range(3):
        sign_in(client, "claire@example.org", "devine")
    # GIVEN the failures are now 16 minutes old
    FailedLogin.objects.update(at=timezone.now() - timedelta(minutes=16))

    sign_in(client, "claire@example.org")

    assert signed_in_user_id(client) == str(user.pk)
    assert not FailedLogin.objects.filter(email="claire@example.org").exists()


def test_failures_of_one_address_do_not_lock_another(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 2
    other = UserFactory(email="autre@example.org")
    UserFactory(email="claire@example.org")
    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "autre@example.org")
    assert signed_in_user_id(client) == str(other.pk)


def test_a_successful_sign_in_clears_the_failures(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 3
    user = UserFactory(email="claire@example.org")
    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "claire@example.org")
    client.post(reverse("logout"))
    assert not FailedLogin.objects.exists()

    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "claire@example.org")
    assert signed_in_user_id(client) == str(user.pk)


def test_the_session_ends_after_eight_idle_hours_or_when_the_browser_closes(client, db, settings):
    UserFactory(email="claire@example.org")
    sign_in(client, "claire@example.org")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # A browser-session cookie: no Expires nor Max-Age, so closing the browser ends it.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 8 * 3600


def test_the_eight_idle_hours_count_from_the_last_request_without_a_write_on_each(client, db, settings):
    # GIVEN a signed-in user whose session was last refreshed two minutes ago
    user = UserFactory(email="claire@example.org")
    client.force_login(user)
    client.get(reverse("home"))
    session = Session.objects.get()
    data = SessionStore().decode(session.session_data)
    data["_refreshed_at"] -= 120
    stale_expiry = timezone.now() + timedelta(hours=7)
    Session.objects.filter(pk=session.pk).update(
        session_data=SessionStore().encode(data), expire_date=stale_expiry
    )

    # WHEN they open a page: the expiry moves to eight hours from now
    client.get(reverse("home"))
    refreshed = Session.objects.get().expire_date
    assert refreshed > timezone.now() + timedelta(hours=7, minutes=59)

    # THEN a request within the minute writes nothing (no UPDATE of the session row)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [q for q in queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
    assert Session.objects.get().expire_date == refreshed


# --- sign-out --------------------------------------------------------------------------------------


def test_sign_out_by_get_only_asks_for_confirmation(client, db):
    user = UserFactory(email="claire@example.org")
    client.force_login(user)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert "Se déconnecter ?" in response.content.decode()
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_out_by_post_signs_out(client, db):
    client.force_login(UserFactory(email="claire@example.org"))
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert signed_in_user_id(client) is None


# --- password reset --------------------------------------------------------------------------------


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db, django_capture_on_commit_callbacks):
    UserFactory(email="claire@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "Claire@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert "choisir un nouveau mot de passe" in mail.outbox[0].body

    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert "new_password1" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    assert sign_in(client, "claire@example.org", NEW_PASSWORD).url == reverse("home")


def test_password_reset_also_reaches_an_invited_person_without_a_password(
    client, db, django_capture_on_commit_callbacks
):
    User.objects.create_user("invitee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "invitee@example.org"})
    assert len(mail.outbox) == 1


def test_password_reset_says_nothing_about_unknown_addresses(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_choosing_a_new_password_lifts_the_lock(client, db, settings, django_capture_on_commit_callbacks):
    settings.LOGIN_MAX_FAILURES = 2
    UserFactory(email="claire@example.org")
    sign_in(client, "claire@example.org", "devine")
    sign_in(client, "claire@example.org", "devine")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "claire@example.org"})
    response = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(
        response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert sign_in(client, "claire@example.org", NEW_PASSWORD).status_code == 302


# --- invitation ------------------------------------------------------------------------------------


@pytest.fixture
def newcomer(establishment):
    return StaffMemberFactory(
        establishment=establishment, usage_name="Lefèvre", first_name="Inès", email="Ines.Lefevre@example.org"
    )


def test_invitation_creates_an_account_without_password_and_links_the_staff_record(
    personas, establishment, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(newcomer, inviter=personas.head, establishment=establishment)

    newcomer.refresh_from_db()
    assert invitation.created and invitation.sent_link
    assert newcomer.user == invitation.user
    assert invitation.user.email == "ines.lefevre@example.org"
    assert not invitation.user.has_usable_password()


def test_invitation_email_says_who_invites_to_which_establishment(
    personas, establishment, newcomer, django_capture_on_commit_callbacks
):
    personas.head.last_name = "Bernard"
    personas.head.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(newcomer, inviter=personas.head, establishment=establishment)

    message = mail.outbox[0]
    assert message.to == ["ines.lefevre@example.org"]
    assert "Collège Victor-Hugo" in message.subject
    assert (
        "Camille Bernard vous invite à utiliser IMP & pHARe pour l'établissement Collège Victor-Hugo"
        in message.body
    )
    assert "/invitation/" in message.body
    assert message.content_subtype == "plain"


def test_the_invitation_link_sets_the_password_signs_in_and_works_once(
    client, personas, establishment, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(newcomer, inviter=personas.head, establishment=establishment)
    link = link_in(mail.outbox[0])

    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "Activer mon compte" in response.content.decode()
    assert "/invitation/" in form_url and link.split("/")[-2] not in form_url  # the token leaves the URL
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response.url == reverse("home")
    newcomer.refresh_from_db()
    assert signed_in_user_id(client) == str(newcomer.user_id)
    assert newcomer.user.check_password(NEW_PASSWORD)

    client.post(reverse("logout"))
    response = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_an_expired_invitation_link_is_refused(
    client, personas, establishment, newcomer, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(newcomer, inviter=personas.head, establishment=establishment)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_a_tampered_invitation_link_is_refused(client, db):
    response = client.get(reverse("invitation_accept", args=["MQ", "faux-jeton"]))
    assert response.status_code == 200
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_invitation_reuses_the_account_with_the_same_email_in_any_case(
    personas, establishment, other_establishment, newcomer, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="ines.lefevre@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(newcomer, inviter=personas.head, establishment=establishment)
    assert invitation.user == existing and not invitation.created
    # She already has a password: the e-mail tells her she has access, without a link to set one.
    assert not invitation.sent_link
    assert "/invitation/" not in mail.outbox[0].body
    assert "/connexion/" in mail.outbox[0].body


def test_invitation_is_refused_for_a_staff_record_without_email(personas, establishment):
    staff = StaffMemberFactory(establishment=establishment, email="")
    with pytest.raises(ValidationError, match="pas d'adresse électronique"):
        invite(staff, inviter=personas.head, establishment=establishment)
    staff.refresh_from_db()
    assert staff.user is None
    assert mail.outbox == []


def test_invitation_refuses_a_staff_record_of_another_establishment(personas, other_establishment):
    staff = StaffMemberFactory(establishment=other_establishment, email="x@example.org")
    with pytest.raises(ValidationError):
        invite(staff, inviter=personas.head, establishment=personas.head.role_grants.first().establishment)
