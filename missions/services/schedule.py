"""When an allocation is paid: the monthly ninths of an annual mission, the single payment of a one-off one.

Décret 2015-475 art. 3: a mission carried out over the whole school year is paid "mensuellement par neuvième".
Our reading, which the rectorats' practice confirms ("versées en 9 fois à partir d'octobre"):
- the nine ninths are those of the nine months from October to June, whatever the first month of payment;
- when the school year's first payment month is later (STSWeb data sent late, e.g. November), the ninths
  already due are back-paid together in that first month: there are still nine ninths, in fewer payments;
  an earlier first month (September) cannot pay a ninth before it is due, so payments still start in October;
- an allocation that starts to count later in the year (created, or its draft confirmed, in December) is paid
  from the month after: the ninths already due are paid together then, as a "rappel" (back-pay), never shown
  as paid in months already gone;
- amounts are exact to the cent: each ninth is rounded down and the last one takes the remainder, so the
  payments add up exactly to the annual amount (312,50 € → 8 × 34,72 € + 34,74 €).
A one-off mission is paid once, after "service fait", with the pay of the following month. A décharge (ARE)
is a lighter service, never a payment.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from missions.models import Allocation

MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
CENT = Decimal("0.01")
NINTHS = 9
FIRST_NINTH_MONTH = 10  # October
PENDING_LABEL = "en attente du service fait"


def month_label(month: date) -> str:
    """`date(2026, 10, 1)` -> "octobre 2026"."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def french_date(day: date) -> str:
    """`date(2026, 10, 1)` -> "1 octobre 2026" (no dependence on the active language)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Instalment:
    """One payment: the month it is paid (1st of the month; None while awaiting service fait) and its amount."""

    month: date | None
    amount: Decimal
    label: str
    ninths: int = 0  # how many ninths this payment holds (back-pay groups several); 0 for a one-off payment
    arrears_from: date | None = None  # first month whose ninth is back-paid here (a "rappel")

    @property
    def pending(self) -> bool:
        return self.month is None

    @property
    def arrears_label(self) -> str:
        """ "rappel d'octobre à décembre 2026" for a payment holding ninths of earlier months, else ""."""
        if self.arrears_from is None or self.month is None:
            return ""
        last = _add_months(self.month, -1)
        if last == self.arrears_from:
            elision = "d'" if last.month in (4, 8, 10) else "de "
            return f"dont rappel {elision}{month_label(last)}"
        first = MONTH_NAMES[self.arrears_from.month - 1]
        if self.arrears_from.year != last.year:
            first = month_label(self.arrears_from)
        elision = "d'" if self.arrears_from.month in (4, 8, 10) else "de "  # d'octobre, de novembre
        return f"dont rappel {elision}{first} à {month_label(last)}"


def ninths(amount: Decimal) -> list[Decimal]:
    """Nine amounts adding up exactly to `amount`: eight rounded down to the cent, the remainder last."""
    ninth = (amount / NINTHS).quantize(CENT, rounding=ROUND_DOWN)
    return [ninth] * (NINTHS - 1) + [amount - ninth * (NINTHS - 1)]


def annual_instalments(amount: Decimal, school_year, counts_from: date | None = None) -> list[Instalment]:
    """The nine ninths, each paid in its month, or later when the year's payments or the allocation start
    later (`counts_from`: paid from the month after that day), the late ones together as a rappel."""
    first_due = date(school_year.start_year, FIRST_NINTH_MONTH, 1)
    first_paid = date(
        school_year.start_year + (1 if school_year.first_payment_month < 9 else 0),
        school_year.first_payment_month,
        1,
    )
    if counts_from is not None:
        first_paid = max(first_paid, _add_months(counts_from.replace(day=1), 1))
    last_due = _add_months(first_due, NINTHS - 1)
    first_paid = min(first_paid, _add_months(last_due, 1))  # counted after June: all paid the month after
    grouped: dict[date, list] = {}
    for index, part in enumerate(ninths(amount)):
        due = _add_months(first_due, index)
        grouped.setdefault(max(due, first_paid), []).append((due, part))
    instalments = []
    for month, parts in sorted(grouped.items()):
        first = parts[0][0]
        instalments.append(
            Instalment(
                month=month,
                amount=sum((part for _, part in parts), Decimal("0")),
                label=month_label(month),
                ninths=len(parts),
                arrears_from=first if first < month else None,
            )
        )
    return instalments


def payment_schedule(allocation) -> list[Instalment]:
    """The payments of one allocation, in order (select_related envelope__school_year and rate for lists)."""
    if allocation.kind != Allocation.Kind.PAY or allocation.rate is None:
        return []
    amount = allocation.amount
    if not allocation.is_one_off:
        return annual_instalments(amount, allocation.envelope.school_year, allocation.counts_from)
    if allocation.service_done_on is None:
        return [Instalment(month=None, amount=amount, label=PENDING_LABEL)]
    month = _add_months(allocation.service_done_on.replace(day=1), 1)
    return [Instalment(month=month, amount=amount, label=month_label(month))]


@dataclass
class ScheduleRow:
    month: date
    label: str
    cells: list  # one Decimal or None per column
    total: Decimal
    arrears: list = field(default_factory=list)  # "Mission : dont rappel d'octobre à décembre 2026"


@dataclass
class PersonSchedule:
    """A person's payments as a grid: one row per month, one column per paid allocation (mission)."""

    columns: list = field(default_factory=list)  # pay allocations, in mission order
    rows: list = field(default_factory=list)  # ScheduleRow, by month
    pending: list = field(default_factory=list)  # (allocation, amount) awaiting service fait
    discharges: list = field(default_factory=list)  # décharges: no payment
    column_totals: list = field(default_factory=list)
    scheduled_total: Decimal = Decimal("0.00")
    pending_total: Decimal = Decimal("0.00")

    @property
    def annual_total(self) -> Decimal:
        return self.scheduled_total + self.pending_total


def person_schedule(allocations) -> PersonSchedule:
    """Month × mission grid of a person's payments. Drafts are left out (they are not granted yet).

    Pass allocations with envelope__school_year, rate and mission selected: no query is made here.
    """
    result = PersonSchedule()
    counted = [a for a in allocations if not a.is_draft]
    result.discharges = [a for a in counted if a.kind != Allocation.Kind.PAY]
    result.columns = sorted(
        (a for a in counted if a.kind == Allocation.Kind.PAY), key=lambda a: (a.mission.title, a.pk or 0)
    )
    by_month: dict[date, list] = {}
    arrears: dict[date, list] = {}
    column_totals = [Decimal("0.00")] * len(result.columns)
    for index, allocation in enumerate(result.columns):
        for instalment in payment_schedule(allocation):
            if instalment.pending:
                result.pending.append((allocation, instalment.amount))
                result.pending_total += instalment.amount
                continue
            if instalment.arrears_label:
                arrears.setdefault(instalment.month, []).append(
                    f"{allocation.mission.title} : {instalment.arrears_label}"
                )
            cells = by_month.setdefault(instalment.month, [None] * len(result.columns))
            cells[index] = (cells[index] or Decimal("0.00")) + instalment.amount
            column_totals[index] += instalment.amount
    for month, cells in sorted(by_month.items()):
        total = sum((c for c in cells if c is not None), Decimal("0.00"))
        result.rows.append(
            ScheduleRow(
                month=month,
                label=month_label(month),
                cells=cells,
                total=total,
                arrears=arrears.get(month, []),
            )
        )
        result.scheduled_total += total
    result.column_totals = column_totals
    return result
