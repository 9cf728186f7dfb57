"""Security headers on every answer: CSP without inline script, Referrer-Policy, Permissions-Policy, no
`Server` banner from gunicorn."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["login", "password_reset", "admin:login"])
def test_every_page_has_the_security_headers(client, db, name):
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_signed_in_pages_have_them_too(head_client, establishment):
    response = head_client.get(reverse("establishment_home", args=[establishment.uai]))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Permissions-Policy"]


def test_no_template_has_inline_script_or_handlers():
    """The policy refuses them: they would silently stop working in the browser."""
    import re

    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(str(template.relative_to(ROOT)))
        if re.search(r'\sstyle="', text):
            offenders.append(f"{template.relative_to(ROOT)} (style=)")
    assert offenders == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_sends_no_server_banner(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "imp_missions.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "true",  # static files without collectstatic
            "SECRET_KEY": "tests-only",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/app.css") as answer:
                    headers = answer.headers
                break
            except urllib.error.HTTPError as error:
                headers = error.headers
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        server.terminate()
        server.wait(10)
    assert headers.get("Server") is None, headers.get("Server")
    assert headers["Permissions-Policy"]  # the answer did come through the application
