"""A query that every page runs, compiled to SQL once per process instead of once per request.

Turning a queryset into SQL costs the ORM time in Python on every evaluation. For the roles in force of the
signed-in user (missions.permissions.roles_by_establishment: a correlated subquery and an exclusion through a
nullable join), compiling took about ten times as long as the database took to answer, on every page. The
queryset is built once with stand-in values (numbers no row holds and no constant of the query equals, yet
within the columns' ranges: the ORM drops a lookup that cannot match), compiled for each database,
and each run puts the real values where the stand-ins are in the parameters — never into the SQL text, which
stays the ORM's own — then loads the rows as model instances with `Model.objects.raw` (which applies the
database's type conversions as a queryset would).

tests/test_compiled_query.py proves, for every persona, that the result equals the queryset's.
"""

from django.db import DEFAULT_DB_ALIAS


class CompiledQuery:
    """`build(**stand_ins)` returns a `values(...)` queryset of `model`'s columns (plus any others, which
    become attributes; `translations` renames columns to the model's field names, as in `raw`); `run(**values)`
    gives its rows as `model` instances for the real values."""

    def __init__(self, model, build, *, translations: dict[str, str] | None = None, **stand_ins: int):
        if len(set(stand_ins.values())) != len(stand_ins):
            raise ValueError("each stand-in needs its own value")
        self.model = model
        self.build = build
        self.translations = translations
        self.stand_ins = stand_ins
        self._compiled: dict[str, tuple[str, list, dict[str, list[int]]]] = {}

    def compile(self, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list, dict[str, list[int]]]:
        """(SQL, parameters, {stand-in name: parameter positions}) for the database `using`, kept per process."""
        if using not in self._compiled:
            queryset = self.build(**self.stand_ins)
            sql, params = queryset.query.get_compiler(using=using).as_sql()
            positions = {
                name: [index for index, param in enumerate(params) if param == value]
                for name, value in self.stand_ins.items()
            }
            missing = [name for name, found in positions.items() if not found]
            if missing:
                raise ValueError(f"the query does not use the stand-in(s) {missing}")
            self._compiled[using] = (sql, list(params), positions)
        return self._compiled[using]

    def run(self, using: str = DEFAULT_DB_ALIAS, **values: int) -> list:
        if values.keys() != self.stand_ins.keys():
            raise TypeError(f"expected values for {sorted(self.stand_ins)}, got {sorted(values)}")
        sql, params, positions = self.compile(using)
        params = list(params)
        for name, indexes in positions.items():
            for index in indexes:
                params[index] = values[name]
        return list(self.model.objects.db_manager(using).raw(sql, params, translations=self.translations))
