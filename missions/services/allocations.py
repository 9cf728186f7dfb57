"""Allocating IMP: the one place that writes allocations and keeps the envelope from being exceeded.

Every write locks the envelope row (select_for_update; on SQLite the IMMEDIATE transaction mode takes the
write lock) and checks the sum in the database before saving. Each change is recorded on the platform's event log
(missions.services.allocation_history).

API (implemented by the allocation-domain work; views and seed_demo call only these):

    class AllocationRefused(ValidationError)      # French message for the user; nothing was saved

    units_for(*, kind, rate, count, discharge_hours, school_year) -> Decimal
    allocate(*, envelope, staff_member, mission, actor, kind=Allocation.Kind.PAY, rate=None, count=None,
             discharge_hours=None, periodicity=None, start_date=None, end_date=None, note="",
             is_draft=False) -> Allocation
    update_allocation(allocation, *, actor, **changes) -> Allocation      # same fields as allocate
    remove_allocation(allocation, *, actor) -> None
    confirm_draft(allocation, *, actor) -> Allocation                     # a roll-over draft starts to count
    record_service_done(allocation, *, actor, done_on) -> Allocation      # one-off missions only

Also here: `describe_changes(event)` (history lines in French) and `person_totals(envelope)` (each person's
IMP total against the 7 500 € tax-exemption cap).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum

from missions import clock
from missions.models import Allocation, Envelope, Periodicity, Rate
from missions.models.catalogue import pay_amount
from missions.services.allocation_history import (
    Action,
    creation_changes,
    deletion_changes,
    describe_changes,
    record_allocation_event,
    snapshot,
)
from missions.services.allocation_rules import AllocationRefused, check_allocation, normalize, units_for
from missions.services.board import ensure_repartition_open
from missions.services.envelopes import envelope_for
from missions.services.schedule import french_date
from missions.templatetags.french import euros, imp

__all__ = [
    "TAX_EXEMPTION_CAP",
    "AllocationRefused",
    "allocate",
    "confirm_draft",
    "describe_changes",
    "mission_subtotals",
    "person_and_mission_totals",
    "person_totals",
    "totals_by",
    "Totals",
    "record_service_done",
    "remove_allocation",
    "units_for",
    "update_allocation",
]

# Overtime pay, IMP included, is exempt from income tax up to 7 500 € a year (art. 81 quater CGI;
# décret 2019-133 lists the IMP among the exempt items; cap raised from 5 000 € in 2022).
TAX_EXEMPTION_CAP = Decimal("7500.00")

EDITABLE_FIELDS = (
    "staff_member",
    "mission",
    "kind",
    "rate",
    "count",
    "discharge_hours",
    "periodicity",
    "start_date",
    "end_date",
    "note",
)


def _lock_envelope(envelope, *, changes_repartition=True) -> Envelope:
    """Serialize every write on this envelope: the check-then-write below cannot interleave.

    A répartition confirmed after the CA's vote refuses changes (recording "service fait" is not one)."""
    locked = (
        Envelope.objects.select_for_update(of=("self",))
        .select_related("school_year", "establishment")
        .get(pk=envelope.pk)
    )
    if changes_repartition:
        ensure_repartition_open(locked)
    return locked


def _lock_allocation(allocation) -> Allocation:
    """The allocation as it is in the database now, locked until the transaction ends (after the envelope)."""
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("staff_member", "mission", "rate")
        .get(pk=allocation.pk)
    )


def rate_that_fits(rates, remaining: Decimal, count=1, preferred=None):
    """The rate to offer when `remaining` IMP are left: `preferred` (the mission's suggested rate) if `count` of
    it fit, else the largest of `rates` that fits; None when none does."""
    count = count if isinstance(count, int) and count >= 1 else 1
    if preferred is not None and preferred.multiplier * count <= remaining:
        return preferred
    fitting = [rate for rate in rates if rate.multiplier * count <= remaining]
    return max(fitting, key=lambda rate: rate.multiplier, default=None)


def _fix_proposal(values, left) -> str:
    """What to do instead of an allocation that does not fit: the largest rate that fits, or a supplement."""
    if values and values.get("kind") == Allocation.Kind.PAY and values.get("rate") is not None:
        mission, count = values["mission"], values.get("count") or 1
        rates = list(mission.allowed_rates.all()) or list(Rate.objects.all())
        fitting = rate_that_fits(rates, left, count)
        if fitting is not None and fitting != values["rate"]:
            return (
                f" Le plus grand taux qui tient : {fitting.label.lower()} × {count} "
                f"({imp(fitting.multiplier * count)} IMP) ; ou demandez un abondement de l'enveloppe."
            )
    return " Réduisez cette attribution ou enregistrez un abondement de l'enveloppe."


def _check_envelope_cap(envelope, units, *, excluding=None, values=None) -> None:
    """Refuse when the allocations that count, plus these units, would exceed the envelope (summed in SQL).

    `excluding`: the allocation being changed, counted once (its new units replace its old ones).
    """
    counted = Allocation.objects.counted().filter(envelope=envelope)
    if excluding is not None:
        counted = counted.exclude(pk=excluding.pk)
    allocated = counted.aggregate(total=Sum("units"))["total"] or Decimal("0")
    remaining = envelope.total_units() - allocated
    taking_no_more = excluding is not None and not excluding.is_draft and units <= excluding.units
    if units <= remaining or taking_no_more:  # a reduction never makes an over-allocation worse
        return
    to_euros = envelope.to_euros
    # What the head sees on the gauge: the units left now, and what this change adds to them.
    before = excluding.units if excluding is not None and not excluding.is_draft else Decimal("0")
    left, asked = max(remaining - before, Decimal("0")), units - before
    what = "cette modification en demande" if before else "cette attribution en demande"
    more = " de plus" if before else ""
    raise AllocationRefused(
        f"Enveloppe dépassée : il reste {imp(left)} IMP ({euros(to_euros(left))}), "
        f"{what} {imp(asked)}{more} ({euros(to_euros(asked))}).{_fix_proposal(values, left)}",
        code="envelope_exceeded",
    )


def _diff(before: dict, after: dict) -> dict:
    return {
        field: [before.get(field), after.get(field)]
        for field in dict.fromkeys([*before, *after])
        if before.get(field) != after.get(field)
    }


def allocate(
    *,
    envelope,
    staff_member,
    mission,
    actor,
    kind=Allocation.Kind.PAY,
    rate=None,
    count=None,
    discharge_hours=None,
    periodicity=None,
    start_date=None,
    end_date=None,
    note="",
    is_draft=False,
) -> Allocation:
    """Give `staff_member` the `mission`: IMP at `rate` × `count`, or a décharge of `discharge_hours`.

    `periodicity` defaults to the mission's. A draft (`is_draft=True`, roll-over) does not draw on the
    envelope until confirmed. Raises AllocationRefused with a French message; nothing is saved then.
    """
    with transaction.atomic():
        envelope = _lock_envelope(envelope)
        values = normalize(
            envelope,
            {
                "staff_member": staff_member,
                "mission": mission,
                "kind": kind,
                "rate": rate,
                "count": count,
                "discharge_hours": discharge_hours,
                "periodicity": periodicity or mission.periodicity,
                "start_date": start_date,
                "end_date": end_date,
                "note": note,
            },
        )
        check_allocation(envelope, values)
        if not is_draft:
            _check_envelope_cap(envelope, values["units"], values=values)
        allocation = Allocation.objects.create(
            envelope=envelope,
            is_draft=is_draft,
            counts_from=None if is_draft else clock.today(),
            **values,
        )
        after = snapshot(allocation, envelope=envelope)
        record_allocation_event(
            envelope,
            allocation,
            actor=actor,
            action=Action.CREATED,
            changes=creation_changes(after),
        )
        return allocation


@transaction.atomic
def allocate_in_year(establishment, school_year, *, actor, **arguments) -> Allocation:
    """`allocate` in the establishment's envelope of that year, created with the allocation if need be."""
    return allocate(envelope=envelope_for(establishment, school_year), actor=actor, **arguments)


def update_allocation(allocation, *, actor, **changes) -> Allocation:
    """Change some fields of an allocation (same names as `allocate`), checking the envelope again.

    Switching `kind` drops the fields of the other form of recognition unless they are given; switching to
    an annual periodicity drops the dates. A change that changes nothing records no event.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_allocation: champs inconnus {sorted(unknown)}")
    with transaction.atomic():
        envelope = _lock_envelope(allocation.envelope)
        current = _lock_allocation(allocation)
        before = snapshot(current, envelope=envelope)
        values = {field: getattr(current, field) for field in EDITABLE_FIELDS}
        values.update(changes)
        if "kind" in changes and changes["kind"] != current.kind:
            dropped = (
                ("rate", "count") if changes["kind"] == Allocation.Kind.DISCHARGE else ("discharge_hours",)
            )
            values.update({field: None for field in dropped if field not in changes})
        values = normalize(envelope, values)
        check_allocation(envelope, values, excluding=current)
        if not current.is_draft:
            _check_envelope_cap(envelope, values["units"], excluding=current, values=values)
        for field, value in values.items():
            setattr(current, field, value)
        if current.periodicity != Periodicity.ONE_OFF or not current.is_pay:
            current.service_done_on, current.service_done_by = None, None
        current.envelope = envelope
        diff = _diff(before, snapshot(current, envelope=envelope))
        if diff:
            current.save()
            record_allocation_event(envelope, current, actor=actor, action=Action.UPDATED, changes=diff)
        return current


def remove_allocation(allocation, *, actor) -> None:
    """Delete an allocation; its history stays (the event keeps the label and the values it had)."""
    with transaction.atomic():
        envelope = _lock_envelope(allocation.envelope)
        current = _lock_allocation(allocation)
        before = snapshot(current, envelope=envelope)
        label, pk = str(current), current.pk
        current.delete()
        record_allocation_event(
            envelope,
            None,
            actor=actor,
            action=Action.DELETED,
            changes=deletion_changes(before),
            label=label,
            allocation_id=pk,
        )


def confirm_draft(allocation, *, actor) -> Allocation:
    """A roll-over draft starts to count: the rules and the envelope cap are checked as for a new one."""
    with transaction.atomic():
        envelope = _lock_envelope(allocation.envelope)
        current = _lock_allocation(allocation)
        if not current.is_draft:
            raise AllocationRefused("Cette attribution est déjà validée.", code="not_a_draft")
        values = normalize(envelope, {field: getattr(current, field) for field in EDITABLE_FIELDS})
        check_allocation(envelope, values, excluding=current)
        _check_envelope_cap(envelope, values["units"], excluding=current)
        before = snapshot(current, envelope=envelope)
        for field, value in values.items():
            setattr(current, field, value)
        current.is_draft = False
        current.counts_from = clock.today()
        current.save()
        record_allocation_event(
            envelope,
            current,
            actor=actor,
            action=Action.CONFIRMED,
            changes=_diff(before, snapshot(current, envelope=envelope)),
        )
        return current


def record_service_done(allocation, *, actor, done_on) -> Allocation:
    """Record that a one-off mission was carried out ("service fait"): it is then paid once.

    Only for one-off pay allocations that count; the date cannot be in the future nor before the mission.
    """
    with transaction.atomic():
        envelope = _lock_envelope(allocation.envelope, changes_repartition=False)
        current = _lock_allocation(allocation)
        if not (current.is_pay and current.is_one_off):
            raise AllocationRefused(
                "Le service fait ne concerne que les missions ponctuelles rémunérées par une IMP.",
                code="service_done_not_one_off",
            )
        if current.is_draft:
            raise AllocationRefused(
                "Validez d'abord cette attribution : c'est encore un brouillon.", code="service_done_draft"
            )
        if done_on is None:
            raise AllocationRefused("Indiquez la date du service fait.", code="service_done_date")
        if done_on > clock.today():
            raise AllocationRefused(
                "La date du service fait ne peut pas être dans le futur.", code="service_done_future"
            )
        if current.start_date and done_on < current.start_date:
            raise AllocationRefused(
                "La date du service fait précède le début de la mission.", code="service_done_early"
            )
        if current.end_date and done_on < current.end_date:
            raise AllocationRefused(
                f"La mission se termine le {french_date(current.end_date)} : le service fait se constate "
                "à partir de cette date.",
                code="service_done_before_end",
            )
        before = snapshot(current, envelope=envelope)
        current.service_done_on, current.service_done_by = done_on, actor
        diff = _diff(before, snapshot(current, envelope=envelope))
        if diff:
            current.save(update_fields=["service_done_on", "service_done_by", "updated_at"])
            record_allocation_event(envelope, current, actor=actor, action=Action.SERVICE_DONE, changes=diff)
        return current


@dataclass(frozen=True)
class Totals:
    """What a group of allocations (one person's, one mission's) draws on the envelope and pays."""

    units: Decimal = Decimal("0")
    amount: Decimal = Decimal("0.00")
    holders: int = 0
    over_cap: bool = False


def _grouped_totals(envelope, *fields):
    """The sums of the allocations that count (drafts excluded), grouped by `fields` and rate — one query.

    The database sums whole numbers only (IMP units and the number of IMP per rate); the euros come from
    `pay_amount`, the rule `Allocation.amount` follows, so a total is exactly the sum of its rows' amounts.
    """
    return (
        Allocation.objects.counted()
        .filter(envelope=envelope)
        .values(*fields, "rate__multiplier")
        .annotate(
            units=Sum("units"),
            paid_count=Sum("count", filter=Q(kind=Allocation.Kind.PAY)),
            holders=Count("pk"),
        )
        .order_by()
    )


def _fold(rows, field: str, base) -> dict[int, Totals]:
    """Totals by `field` from finer groups: units, holders and `pay_amount` (linear in the number) add up."""
    grouped: dict[int, dict] = {}
    for row in rows:
        group = grouped.setdefault(
            row[field], {"units": Decimal("0"), "amount": Decimal("0.00"), "holders": 0}
        )
        group["units"] += Decimal(row["units"])
        group["holders"] += row["holders"]
        if row["paid_count"]:
            group["amount"] += pay_amount(row["rate__multiplier"], row["paid_count"], base)
    return {
        key: Totals(
            units=group["units"].quantize(Decimal("0.01")),
            amount=group["amount"],
            holders=group["holders"],
            over_cap=group["amount"] > TAX_EXEMPTION_CAP,
        )
        for key, group in grouped.items()
    }


def totals_by(envelope, field: str) -> dict[int, Totals]:
    """Totals of the allocations that count (drafts excluded), grouped by `field` ("staff_member" or
    "mission") — one query whatever the number of rows. A décharge draws units but pays nothing."""
    return _fold(_grouped_totals(envelope, field), field, envelope.school_year.imp_base_amount)


def person_and_mission_totals(allocations, base) -> tuple[dict[int, Totals], dict[int, Totals]]:
    """`person_totals` and `mission_subtotals` of allocations already loaded (with their rates), the drafts
    among them left out as `counted()` leaves them out: no query."""
    counted = [allocation for allocation in allocations if allocation.is_counted]
    return totals_of_loaded(counted, "staff_member", base), totals_of_loaded(counted, "mission", base)


def totals_of_loaded(allocations, field: str, base) -> dict[int, Totals]:
    """`totals_by` for allocations already loaded (with their rates), folded by the same rule: no query."""
    rows = (
        {
            field: getattr(allocation, f"{field}_id"),
            # a décharge has no rate
            "rate__multiplier": allocation.rate.multiplier if allocation.rate_id else None,
            "units": allocation.units,
            "paid_count": allocation.count if allocation.is_pay else 0,
            "holders": 1,
        }
        for allocation in allocations
    )
    return _fold(rows, field, base)


def person_totals(envelope) -> dict[int, Totals]:
    """Each person's total, keyed by staff member id.

    `over_cap` flags an annual IMP amount above the 7 500 € tax-exemption cap (art. 81 quater CGI). The cap
    applies to all overtime of a person, in every establishment: this is the share of this envelope.
    """
    return totals_by(envelope, "staff_member")


def mission_subtotals(envelope) -> dict[int, Totals]:
    """Each mission's subtotal and number of holders, keyed by mission id."""
    return totals_by(envelope, "mission")
