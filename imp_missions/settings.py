"""Settings, read from the environment (see README: Configuration)."""

from pathlib import Path

from django.utils.csp import CSP

from imp_missions.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "missions.admin_site.PlatformAdminConfig",  # django.contrib.admin, superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # dsfr before django.forms: its widget templates (radios, checkboxes) must win over Django's own.
    "dsfr",
    "django.forms",
    "widget_tweaks",
    "crispy_forms",
    "django_tasks_db",
    "missions",
    "harcelement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "missions.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "missions.session_refresh.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "imp_missions.urls"
WSGI_APPLICATION = "imp_missions.wsgi.application"
ASGI_APPLICATION = "imp_missions.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "missions.site_config.site_config",  # django-dsfr's, read once per process
                "missions.context_processors.navigation",
            ],
            "builtins": ["missions.templatetags.french", "crispy_forms.templatetags.crispy_forms_tags"],
        },
    },
]
# django-dsfr ships its widget templates as an app: TemplatesSetting finds them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
DSFR_MARK_OPTIONAL_FIELDS = True
# Forms are laid out by django-crispy-forms with our own pack, templates/dsfr/ (its field template is
# django-dsfr's). The pack's files sit beside django-dsfr's templates/dsfr/ folder; no name is shared.
CRISPY_TEMPLATE_PACK = "dsfr"
CRISPY_ALLOWED_TEMPLATE_PACKS = ("dsfr",)
CRISPY_FAIL_SILENTLY = False  # a field missing from the form or laid out twice is an error, not a log line

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3"), BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "missions.User"
AUTHENTICATION_BACKENDS = ["missions.auth_backend.CompiledModelBackend"]  # Django's, see the module
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # an invitation link stays valid three days

# Sessions end after eight idle hours and when the browser closes. They are Django's database sessions, the
# row read with SQL compiled once per process (missions.session_store).
SESSION_ENGINE = "missions.session_store"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# The eight hours count from the last request, give or take SESSION_REFRESH_SECONDS: the session's expiry is
# pushed back at most once a minute (missions.session_refresh), not written on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed sign-ins: after LOGIN_MAX_FAILURES within LOGIN_FAILURE_WINDOW seconds, the address is locked out.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)

# "Forgotten password" requests: at most this many per address and per client address in the window.
PASSWORD_RESET_MAX_PER_ADDRESS = env_int("PASSWORD_RESET_MAX_PER_ADDRESS", 3)
PASSWORD_RESET_MAX_PER_CLIENT = env_int("PASSWORD_RESET_MAX_PER_CLIENT", 10)
PASSWORD_RESET_WINDOW = env_int("PASSWORD_RESET_WINDOW", 3600)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Largest upload accepted (an STSWeb export of a big lycée is well under 5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A bigger file is refused while it arrives (missions/uploads.py): no more than this is ever stored.
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "missions.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Outgoing mail (Django 6.1 MAILERS). In DEBUG, messages are printed on the console.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IMP & pHARe <ne-pas-repondre@imp-missions.invalid>")

# Lettres de mission. The public address of the site (links in e-mails, verification QR code in the PDFs).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The instance's sealing key and certificate (PEM); `manage.py create_signing_certificate` makes a
# self-signed pair for development and the demo.
SIGNING_KEY_FILE = Path(env_str("SIGNING_KEY_FILE", str(BASE_DIR / "signing" / "seal-key.pem")))
SIGNING_CERT_FILE = Path(env_str("SIGNING_CERT_FILE", str(BASE_DIR / "signing" / "seal-cert.pem")))
# Letters still unsigned this many days after sending get a reminder (`manage.py send_letter_reminders`).
LETTER_REMINDER_DAYS = env_int("LETTER_REMINDER_DAYS", 7)
# The public verification page: at most this many checks per address in the window (seconds).
LETTER_VERIFY_MAX, LETTER_VERIFY_WINDOW = (
    env_int("LETTER_VERIFY_MAX", 10),
    env_int("LETTER_VERIFY_WINDOW", 600),
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (Django's own middleware): only our own files run, no inline script or style, no
# framing. JavaScript lives in static/js/; templates carry no <script> blocks, no on*="" handlers, no style="".
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the application never uses are switched off (missions.middleware).
PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"

# One console handler, on the root logger: Django's own "django" handler is dropped (with it, every line of
# django.* was printed twice in DEBUG), and a 403 is logged as one line, without the traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forbidden_without_traceback": {"()": "imp_missions.logging_filters.ForbiddenWithoutTraceback"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["forbidden_without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        "django.security": {"handlers": [], "level": "WARNING", "propagate": True},
        # WeasyPrint logs every rendering step at INFO
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# pHARe (harcelement): protocol delays in days, and how long a closed case is kept before anonymisation
# (empty: until the end of the following school year; never more than three years either way).
PHARE_FIRST_INTERVIEW_DAYS = env_int("PHARE_FIRST_INTERVIEW_DAYS", 2)
PHARE_REVIEW_DAYS = env_int("PHARE_REVIEW_DAYS", 15)
PHARE_FOLLOWUP_DAYS = env_int("PHARE_FOLLOWUP_DAYS", 7)
PHARE_RETENTION_DAYS = env_int("PHARE_RETENTION_DAYS", 0) or None
