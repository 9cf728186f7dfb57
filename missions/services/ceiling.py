"""The 7 500 € tax-exemption ceiling across every establishment of one person (one account, several records).

Art. 81 quater CGI: the cap applies to all the overtime pay of a person in the year, IMP included, wherever
earned. Each establishment only sees its own allocations; these functions add up the others for the person's
own page, and tell a head that a person is over the cap without telling them what another establishment pays.
"""

from decimal import Decimal

from django.db.models import Sum

from missions.compiled_query import CompiledQuery
from missions.models import Allocation, StaffMember
from missions.models.catalogue import pay_amount
from missions.services.allocations import TAX_EXEMPTION_CAP


def _amounts_by_user(user_ids, school_year) -> dict[int, dict[int, Decimal]]:
    """{account: {envelope: paid total}} for the year in every establishment: whole numbers summed in SQL,
    euros by the one amount rule (`pay_amount`). One query."""
    rows = (
        Allocation.objects.counted()
        .filter(
            staff_member__user_id__in=user_ids,
            envelope__school_year=school_year,
            kind=Allocation.Kind.PAY,
        )
        .values("staff_member__user_id", "envelope_id", "rate__multiplier")
        .annotate(paid_count=Sum("count"))
        .order_by()
    )
    totals: dict[int, dict[int, Decimal]] = {}
    for row in rows:
        amount = pay_amount(row["rate__multiplier"], row["paid_count"], school_year.imp_base_amount)
        by_envelope = totals.setdefault(row["staff_member__user_id"], {})
        by_envelope[row["envelope_id"]] = by_envelope.get(row["envelope_id"], Decimal("0.00")) + amount
    return totals


# Asked on every person's page, the teacher's own included: compiled once per process (missions.compiled_query).
OTHER_RECORDS = CompiledQuery(
    lambda user_id, staff_member_id: (
        StaffMember.objects.filter(user_id=user_id).exclude(pk=staff_member_id).values("pk")[:1]
    ),
    user_id=9_007_199_254_740_041,
    staff_member_id=9_007_199_254_740_042,
)


def total_across_establishments(staff_member, school_year) -> Decimal | None:
    """The person's total in every establishment this year, or None when they work in this one only."""
    if staff_member.user_id is None:
        return None
    if not OTHER_RECORDS.run(user_id=staff_member.user_id, staff_member_id=staff_member.pk):
        return None
    by_envelope = _amounts_by_user([staff_member.user_id], school_year).get(staff_member.user_id, {})
    return sum(by_envelope.values(), Decimal("0.00"))


def over_cap_elsewhere(envelope, staff_members) -> set[int]:
    """Staff members (ids) of this envelope's establishment who also hold allocations in another establishment
    and whose total across them is over the cap. One query; nothing of the other establishment is returned."""
    by_user = {staff.user_id: staff.pk for staff in staff_members if staff.user_id}
    if not by_user:
        return set()
    flagged = set()
    for user_id, by_envelope in _amounts_by_user(list(by_user), envelope.school_year).items():
        elsewhere = set(by_envelope) - {envelope.pk}
        if elsewhere and sum(by_envelope.values(), Decimal("0.00")) > TAX_EXEMPTION_CAP:
            flagged.add(by_user[user_id])
    return flagged
