"""Django's `flush`, aware of append-only tables.

On SQLite, flushing deletes rows one table at a time, which the append-only triggers (missions.db) refuse; the
test database is emptied that way between transactional tests. The triggers are set aside for the flush and put
back as they were. PostgreSQL empties tables with TRUNCATE, which row triggers don't see.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_append_only_%'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
