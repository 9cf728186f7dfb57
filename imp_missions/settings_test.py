"""Settings for the test suite: production settings with test-friendly services."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from imp_missions.settings import *  # noqa: E402, F403
from imp_missions.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
# Look static files up per request instead of scanning all ~1,700 of them each time a test client loads the
# middleware (350 ms per client); the live server of the browser tests serves them the same way.
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# A throw-away sealing certificate per test process (tests/conftest.py creates it).
_SIGNING_DIR = Path(tempfile.mkdtemp(prefix="imp-seal-"))
SIGNING_KEY_FILE = _SIGNING_DIR / "seal-key.pem"
SIGNING_CERT_FILE = _SIGNING_DIR / "seal-cert.pem"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="imp-media-"))
