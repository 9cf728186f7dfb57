"""Django's database sessions, the session row read with SQL compiled once per process.

Every request that carries a session cookie loads its row; the ORM compiled that lookup anew each time, which
cost more than the database's answer (missions.compiled_query). The expiry is checked on the row read, as
Django's lookup checks it in SQL. Everything else — saving, cycling the key, clearing expired rows — is
Django's `django.contrib.sessions.backends.db`.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from missions.compiled_query import CompiledQuery

# Stand-in: no session key holds a hyphen (Django draws them from lowercase letters and digits).
SESSION_BY_KEY = CompiledQuery(
    lambda session_key: Session.objects.filter(session_key=session_key), session_key="stand-in-session-key"
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        found = SESSION_BY_KEY.run(session_key=self.session_key) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
