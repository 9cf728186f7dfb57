"""Plausible values: what a form accepts, the services check and the database refuses beyond.

Figures a person would only type by mistake (9 999 IMP, 200 h of décharge a week, born in 1800) are
refused with a French message in the forms and services, and by CheckConstraints in the database.
"""

from datetime import date
from decimal import Decimal

# A décharge (ARE) is part of a weekly teaching service: 18 h for a certifié, so no more than that.
MAX_DISCHARGE_HOURS = Decimal("18")
# One dotation of the IMP envelope: the largest lycées receive some tens of IMP; 500 is far beyond.
MAX_DOTATION_UNITS = Decimal("500")
# A staff member is 16 (apprentice) to 80 years old on the day the record is written.
MIN_AGE, MAX_AGE = 16, 80
# The database backstop cannot depend on today's date: it refuses births outside this window, which
# covers 16-to-80-year-olds from 2026 to 2031 (widen it in a migration then).
BIRTH_DATE_FLOOR, BIRTH_DATE_CEILING = date(1940, 1, 1), date(2015, 12, 31)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date_error(birth_date: date | None, today: date) -> str | None:
    """The French refusal of an implausible birth date, or None."""
    if birth_date is None:
        return None
    youngest, oldest = years_before(today, MIN_AGE), years_before(today, MAX_AGE + 1)
    if not (oldest < birth_date <= youngest) or not (BIRTH_DATE_FLOOR <= birth_date <= BIRTH_DATE_CEILING):
        return f"Date de naissance invraisemblable : un personnel a entre {MIN_AGE} et {MAX_AGE} ans."
    return None
