"""Django's ModelBackend, reading the signed-in user with SQL compiled once per process.

Every signed-in page loads the user from the session's id; the ORM compiled that primary-key lookup anew on
each request, which cost more than the database's answer (missions.compiled_query). Everything else —
passwords, permissions, `is_active` — is Django's.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from missions.compiled_query import CompiledQuery
from missions.models import User

# Stand-in: an account id far beyond any sequence.
SIGNED_IN_USER = CompiledQuery(
    lambda user_id: User._default_manager.filter(pk=user_id), user_id=9_007_199_254_740_031
)


class CompiledModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_id = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        found = SIGNED_IN_USER.run(user_id=user_id)
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None
