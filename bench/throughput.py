"""Requests per second through a real gunicorn: the allocation screen, a teacher's own page, the page shell
and a bare Django view, measured in turns.

Run from the project root: `.venv/bin/python bench/throughput.py` (a temporary SQLite file), or with
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_bench_rps` for PostgreSQL (the database is created if
missing and dropped at the end). It migrates, loads the demo data (`seed_demo`: the lycée has 118 staff and its
répartition), starts gunicorn (2 workers, the machine's cores) on bench/settings.py (the project's URLs plus
bench/urls.py's bare view and empty page), and sends requests from 4 client threads, signed in as the lycée's
head and as a teacher: each page 10 seconds in all, in 5 turns of 2 seconds, the pages taking turns. Prints
(docs/architecture.md, "Benchmarks"):

    BENCH allocation_page_rps <n> req/s      BENCH allocation_page_p50_ms <n> ms
    BENCH my_missions_page_rps <n> req/s     BENCH my_missions_page_p50_ms <n> ms
    BENCH shell_page_rps <n> req/s           BENCH shell_page_p50_ms <n> ms
    BENCH bare_view_rps <n> req/s            BENCH bare_view_p50_ms <n> ms
    BENCH shell_vs_bare_ratio <r> ratio      (shell ÷ bare view throughput; target ≥ 0.5)
    BENCH my_missions_vs_shell_ratio <r> ratio   (teacher's page ÷ shell; target ≥ 0.5)
    BENCH allocation_vs_shell_ratio <r> ratio
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 4
SECONDS = 10  # per page, in ROUNDS turns
ROUNDS = 5
WARM_UP_SECONDS = 2
WORKERS = 2
HEAD, TEACHER = "proviseur.lycee@demo.fr", "prof.lycee@demo.fr"
LYCEE = "0750680G"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_cookies(email: str) -> str:
    """The cookies a signed-in browser sends: its session (written where gunicorn's workers read it, the
    database) and the CSRF cookie it was given with its first form (without it, every page with a form would
    draw and set a new CSRF secret, which no browser makes a server do)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from missions.models import User

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"


def hammer(port: int, path: str, cookies: str, seconds: float) -> tuple[int, float, list[float]]:
    """(requests answered, elapsed seconds, latencies in ms) of CLIENTS threads requesting `path`."""
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookies, "Host": "127.0.0.1"}
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
                return
            latencies.append((time.perf_counter() - started) * 1000)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{path} a répondu {errors[0]} au lieu de 200")
    return len(latencies), time.perf_counter() - began, latencies


def measure_interleaved(port: int, pages: list[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """{name: (requests per second, median latency in ms)}: the pages take turns, ROUNDS times
    SECONDS / ROUNDS seconds each, so that a burst of load on the machine weighs on all of them alike."""
    totals = {name: [0, 0.0, []] for name, _, _ in pages}
    for _ in range(ROUNDS):
        for name, path, cookie in pages:
            count, elapsed, latencies = hammer(port, path, cookie, SECONDS / ROUNDS)
            totals[name][0] += count
            totals[name][1] += elapsed
            totals[name][2] += latencies
    return {
        name: (count / elapsed, statistics.median(latencies))
        for name, (count, elapsed, latencies) in totals.items()
    }


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn s'est arrêté au démarrage")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn ne répond pas")


def prepare_database(env: dict) -> None:
    if env["DATABASE_URL"].startswith("postgres"):
        postgres_database(env["DATABASE_URL"], create=True)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "seed_demo"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


# Run as `python -c SCRIPT ADMIN_URL NAME [create]`: drops the database, and creates it again with "create".
RECREATE_DATABASE = """
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}"')
    if sys.argv[3:] == ["create"]:
        connection.execute(f'CREATE DATABASE "{sys.argv[2]}"')
"""


def postgres_database(url: str, *, create: bool) -> None:
    parts = urlsplit(url)
    admin_url = url.replace(parts.path, "/postgres", 1)
    command = [sys.executable, "-c", RECREATE_DATABASE, admin_url, parts.path.lstrip("/")]
    subprocess.run(command + (["create"] if create else []), check=True, cwd=ROOT)


def main() -> None:
    workdir = tempfile.TemporaryDirectory(prefix="bench-rps-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # the test settings, plus the bare view and the shell
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3"),
        "LOG_LEVEL": "WARNING",
    }
    prepare_database(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.urls import reverse

    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "imp_missions.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, server)
        head, teacher = browser_cookies(HEAD), browser_cookies(TEACHER)
        pages = [
            ("allocation_page", reverse("allocation_list", args=[LYCEE]), head),
            (
                "my_missions_page",
                resolve_redirect(port, reverse("my_allocations", args=[LYCEE]), teacher),
                teacher,
            ),
            ("shell_page", "/bench/coquille/", teacher),
            ("bare_view", "/bench/nu/", teacher),
        ]
        for _name, path, cookie in pages:
            hammer(port, path, cookie, WARM_UP_SECONDS)  # templates compiled in every worker, caches filled
        figures = measure_interleaved(port, pages)
        for name, (rps, p50) in figures.items():
            print(f"BENCH {name}_rps {rps:.1f} req/s")
            print(f"BENCH {name}_p50_ms {p50:.1f} ms")
        ratios = {
            "shell_vs_bare_ratio": ("shell_page", "bare_view"),
            "my_missions_vs_shell_ratio": ("my_missions_page", "shell_page"),
            "allocation_vs_shell_ratio": ("allocation_page", "shell_page"),
        }
        for name, (page, reference) in ratios.items():
            print(f"BENCH {name} {figures[page][0] / figures[reference][0]:.2f} ratio")
    finally:
        server.terminate()
        server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        if env["DATABASE_URL"].startswith("postgres"):
            postgres_database(env["DATABASE_URL"], create=False)
        workdir.cleanup()


def resolve_redirect(port: int, path: str, cookies: str) -> str:
    """ "Mes missions" redirects to the person's own page: measure that page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookies, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    location = urlsplit(response.getheader("Location") or path)
    return location.path + (f"?{location.query}" if location.query else "")


if __name__ == "__main__":
    main()
