"""`EraseOnly`: an append-only table whose content columns may be erased once, and nothing else.

The journal's text and attachments must outlive every edit (like missions.db.AppendOnly) yet be forgotten when
the retention period ends. The triggers refuse DELETE, and every UPDATE except one that empties the content
columns while setting `erased_at` for the first time, the key column unchanged. Trigger names contain
`_append_only_` so the test database flush (missions/management/commands/flush.py) sets them aside.
"""

from django.db import migrations

REFUSAL = "erase-only table: only erasing the content is allowed"


def _erasure_condition(key: str, columns: list[str]) -> str:
    emptied = " AND ".join(f"coalesce(length(NEW.{column}), 0) = 0" for column in columns)
    return f"OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.{key} = OLD.{key} AND {emptied}"


def create_sql(vendor: str, table: str, key: str, columns: list[str]) -> list[str]:
    allowed = _erasure_condition(key, columns)
    if vendor == "postgresql":
        function = f"{table}_erase_only"
        return [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ({allowed}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING MESSAGE = '{REFUSAL} (' || TG_TABLE_NAME || ', ' || TG_OP || ')',
        ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;""",
            f'CREATE TRIGGER {table}_append_only_guard BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {function}();",
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON "{table}" '
            f"WHEN NOT ({allowed}) BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;",
            f'CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;",
        ]
    return []


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS {table}_append_only_guard ON "{table}";',
            f"DROP FUNCTION IF EXISTS {table}_erase_only();",
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only_update;",
            f"DROP TRIGGER IF EXISTS {table}_append_only_delete;",
        ]
    return []


class EraseOnly(migrations.operations.base.Operation):
    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str, key: str, columns: list[str]):
        self.table, self.key, self.columns = table, key, list(columns)

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in create_sql(schema_editor.connection.vendor, self.table, self.key, self.columns):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for statement in drop_sql(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def describe(self):
        return f"Refuse UPDATE and DELETE on {self.table} except erasing {', '.join(self.columns)}"

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.table, self.key, self.columns], {})
