"""Today's date for the rules that depend on it (which school year is running), read in one place.

`frozen(day)` sets it for a block: the tests of the school-year boundary (30 June, 10 July, 31 August,
1 September) run the real code on those dates without any extra dependency.
"""

from contextlib import contextmanager
from datetime import date

from django.utils import timezone

_frozen: date | None = None


def today() -> date:
    return _frozen or timezone.localdate()


@contextmanager
def frozen(day: date):
    global _frozen
    previous, _frozen = _frozen, day
    try:
        yield
    finally:
        _frozen = previous
