"""Configuration read from the environment (README: Configuration) and production readiness."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from imp_missions.env import database_from_url, env_bool

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path("/srv/imp")


def manage(*args, tmp_path, **env):
    """Run manage.py in a fresh process with production settings and `env` on top."""
    # only what a process needs to run: the test run's own settings (settings_test) must not leak in
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    environment |= {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DEBUG="false",
        SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        ALLOWED_HOSTS="imp.ac-exemple.fr",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_the_site_speaks_french_on_paris_time():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def test_a_relative_sqlite_path_is_inside_the_project():
    database = database_from_url("sqlite:///db.sqlite3", BASE_DIR)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")


def test_four_slashes_give_an_absolute_sqlite_path():
    assert (
        database_from_url("sqlite:////var/lib/imp/imp.sqlite3", BASE_DIR)["NAME"]
        == "/var/lib/imp/imp.sqlite3"
    )


def test_sqlite_takes_the_write_lock_when_a_transaction_starts():
    # select_for_update is a no-op on SQLite: the envelope check-then-write relies on IMMEDIATE transactions
    assert database_from_url("sqlite:///db.sqlite3", BASE_DIR)["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_gives_every_connection_setting():
    database = database_from_url(
        "postgres://imp:p%40ss%2Fword@db.internal:6432/imp_missions?sslmode=require&conn_max_age=0", BASE_DIR
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("imp_missions", "imp", "p@ss/word")
    assert (database["HOST"], database["PORT"]) == ("db.internal", "6432")
    assert database["OPTIONS"] == {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 5}
    assert database["CONN_MAX_AGE"] == 0


def test_postgres_prepares_repeated_statements_unless_told_not_to():
    # PgBouncer in transaction mode cannot keep prepared statements: `none` gives Django's client-side binding.
    url = "postgres://imp@db.internal/imp_missions"
    assert database_from_url(f"{url}?prepare_threshold=2", BASE_DIR)["OPTIONS"] == {
        "server_side_binding": True,
        "prepare_threshold": 2,
    }
    assert database_from_url(f"{url}?prepare_threshold=none", BASE_DIR)["OPTIONS"] == {}
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        database_from_url(f"{url}?prepare_threshold=often", BASE_DIR)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_both_postgres_schemes_are_accepted(scheme):
    database = database_from_url(f"{scheme}://postgres@127.0.0.1:5432/imp_missions", BASE_DIR)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["PASSWORD"] == ""


def test_an_unknown_database_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://root@localhost/imp", BASE_DIR)


def test_a_boolean_setting_with_a_typo_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG")


def test_the_error_pages_are_in_french(client, settings, db):
    from django.template.loader import render_to_string

    assert "Le service a rencontré une erreur" in render_to_string("500.html")
    assert "Requête incorrecte" in render_to_string("400.html", {"request": None})
