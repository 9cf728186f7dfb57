"""The limit on failed sign-ins holds when many attempts arrive at the same instant (issue 2, item 5).

Each thread has its own database connection, so the test commits for real (`transaction=True`);
`serialized_rollback` puts back the data of the data migrations afterwards, for the tests that run next.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missions.models import FailedLogin
from tests.factories import DEMO_PASSWORD, UserFactory

THREADS = 20
EMAIL = "cible@example.org"


def burst_of_wrong_passwords(threads=THREADS):
    """WHEN `threads` clients post a wrong password for EMAIL at the same instant, THEN return how many got
    the "wrong password" answer, how many were told the address is locked, and anything else."""
    barrier = threading.Barrier(threads)
    results, lock = {"wrong": 0, "locked": 0, "other": []}, threading.Lock()

    def try_a_password(number):
        client = Client()
        try:
            # Connect first, so the threads really reach the form together after the barrier.
            connection.ensure_connection()
            barrier.wait(timeout=30)
            page = client.post(reverse("login"), {"username": EMAIL, "password": f"devine-{number}"})
            content = page.content.decode()
            if "Trop de tentatives" in content:
                outcome = "locked"
            elif "mot de passe incorrect" in content:
                outcome = "wrong"
            else:
                outcome = f"status {page.status_code}"
        except Exception as exc:  # any failure is a defect of the throttling: report it
            outcome = repr(exc)
        finally:
            connection.close()
        with lock:
            if outcome in ("wrong", "locked"):
                results[outcome] += 1
            else:
                results["other"].append(outcome)

    workers = [threading.Thread(target=try_a_password, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_wrong_passwords_tries_at_most_the_allowed_number_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): the in-memory SQLite test database cannot serve "
            "concurrent connections, and its write lock serializes them anyway"
        )
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_FAILURE_WINDOW = 15 * 60
    # The production hasher (Argon2, tens of milliseconds a check), not the tests' fast one: the time a
    # password check takes is the window the race had.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    UserFactory(email=EMAIL)

    results = burst_of_wrong_passwords()

    assert results["other"] == []
    assert results["wrong"] <= settings.LOGIN_MAX_FAILURES, results
    assert results["wrong"] + results["locked"] == THREADS
    # AND the address is locked afterwards: even the right password is refused
    client = Client()
    page = client.post(reverse("login"), {"username": EMAIL, "password": DEMO_PASSWORD})
    assert "Trop de tentatives" in page.content.decode()
    assert client.session.get(SESSION_KEY) is None
    # … until the window has passed
    FailedLogin.objects.update(at=timezone.now() - timedelta(minutes=16))
    page = client.post(reverse("login"), {"username": EMAIL, "password": DEMO_PASSWORD})
    assert page.status_code == 302 and client.session.get(SESSION_KEY) is not None
    assert not FailedLogin.objects.exists()
