"""Database-level guards shared by the apps' migrations.

`AppendOnly(table)` makes the database itself refuse UPDATE and DELETE on a table (the event log, frozen CA
versions, the pHARe journal): a trigger on PostgreSQL and on SQLite, so even a raw SQL statement or a bug in
our code cannot rewrite the past. The trigger names end in `_append_only` so the test database can be
emptied between tests (missions/management/commands/flush.py).
"""

from django.db import migrations

REFUSAL = "append-only table: UPDATE and DELETE are refused"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = '{REFUSAL} (' || TG_TABLE_NAME || ', ' || TG_OP || ')',
        ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def trigger_name(table: str) -> str:
    return f"{table}_append_only"


def create_sql(vendor: str, table: str) -> list[str]:
    name = trigger_name(table)
    if vendor == "postgresql":
        return [
            POSTGRES_FUNCTION,
            f'CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();",
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER {name}_update BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;",
            f'CREATE TRIGGER {name}_delete BEFORE DELETE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;",
        ]
    return []


def drop_sql(vendor: str, table: str) -> list[str]:
    name = trigger_name(table)
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS {name} ON "{table}";']
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_update;", f"DROP TRIGGER IF EXISTS {name}_delete;"]
    return []


class AppendOnly(migrations.operations.base.Operation):
    """Migration operation: refuse UPDATE and DELETE on `table` at the database level."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str):
        self.table = table

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in create_sql(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for statement in drop_sql(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def describe(self):
        return f"Refuse UPDATE and DELETE on {self.table}"

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.table], {})
