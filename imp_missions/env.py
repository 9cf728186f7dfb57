"""Read settings from the environment, failing loudly on a value we cannot use (12-factor)."""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_VALUES:
        return True
    if value.strip().lower() in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} : valeur booléenne attendue (true/false).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} : nombre entier attendu.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str, base_dir: Path) -> dict:
    """Turn `sqlite:///db.sqlite3` or `postgres://user:pass@host:5432/name` into a DATABASES entry.

    Three slashes give a path relative to the project, four an absolute one.
    """
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        name = path[1:] if path.startswith("/") else path
        if name and name != ":memory:" and not name.startswith("/"):
            name = str(base_dir / name)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or str(base_dir / "db.sqlite3"),
            # Take the write lock when a transaction starts, so the envelope check-then-write
            # cannot interleave on SQLite either (select_for_update is a no-op there).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options.update(prepared_statements(options.pop("prepare_threshold", "5")))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL : schéma {parts.scheme!r} non pris en charge (sqlite, postgres)."
    )


def prepared_statements(threshold: str) -> dict:
    """PostgreSQL OPTIONS for `?prepare_threshold=N` (5 by default): a statement run N times on a connection is
    prepared, so the server plans it once per connection instead of on every run — the roles query every page
    runs spent 0.3 of its 0.4 ms in planning. It needs server-side parameter binding. `none` turns both off
    (Django's default), for a PgBouncer in transaction mode, which cannot keep prepared statements."""
    if threshold.strip().lower() in {"none", ""}:
        return {}
    try:
        return {"server_side_binding": True, "prepare_threshold": int(threshold)}
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL : prepare_threshold={threshold!r} : nombre entier ou « none » attendu."
        ) from exc
