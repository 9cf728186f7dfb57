"""Sessions end after SESSION_COOKIE_AGE idle seconds, without a database write on every request.

Django's SESSION_SAVE_EVERY_REQUEST rewrites the session row on every request (an UPDATE, and on SQLite a
write lock shared by every worker) only to push its expiry back. This middleware marks a signed-in session
modified when its last refresh is older than SESSION_REFRESH_SECONDS: the session then ends between
SESSION_COOKIE_AGE and SESSION_COOKIE_AGE + SESSION_REFRESH_SECONDS after the last request.
"""

import time

from django.conf import settings

REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session that exists and holds something (a sign-in): anonymous visitors get no session row.
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        if not set(session.keys()) - {REFRESHED_AT}:  # a stale cookie's session, or one just emptied
            return response
        now = int(time.time())
        if session.modified or now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now
        return response
