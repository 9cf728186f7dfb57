"""gunicorn settings, read from the project folder (`gunicorn imp_missions.wsgi` finds this file itself).

gunicorn has no setting for its `Server` header: answers would name the server software. The header is
dropped here by wrapping the one method that writes it (gunicorn.http.wsgi.Response.default_headers).
Command-line options (--bind, --workers) still override what is below.
"""

import os

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# Behind the TLS proxy: trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
