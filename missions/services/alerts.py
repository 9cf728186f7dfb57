"""What the rules expect and the head might miss, and the equality line the CA will ask about.

Both run a constant number of queries, whatever the size of the répartition.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from missions.models import QUARTER, Allocation, Mission, StaffMember
from missions.models.catalogue import LYCEE_ONLY_MISSIONS, pay_amount
from missions.services.allocations import TAX_EXEMPTION_CAP, person_totals
from missions.services.ceiling import over_cap_elsewhere
from missions.services.envelopes import summarize
from missions.templatetags.french import euros, imp

COORDINATION_DE_DISCIPLINE = "coordination-discipline"


@dataclass(frozen=True)
class Alert:
    level: str  # "warning" | "info"
    title: str
    items: list


def _unheld_priority_missions(envelope, held_mission_ids, catalogue=None) -> list[Alert]:
    """Art. 6 missions (décret 2015-475) "donnent lieu à attribution": list those nobody holds yet.

    `catalogue`: the establishment's missions with their `adapted_from`, when the page has loaded them.
    """
    if catalogue is None:
        catalogue = Mission.objects.for_establishment(envelope.establishment).select_related("adapted_from")
    missions = sorted(
        (m for m in catalogue if m.category == Mission.Category.PRIORITY), key=lambda m: (m.title, m.pk)
    )
    # A national mission and the establishment's own adaptation of it are one mission: either held covers
    # both, and when neither is held only the establishment's version is listed.
    held = set(held_mission_ids)
    covered = held | {m.adapted_from_id for m in missions if m.pk in held}
    covered |= {m.pk for m in missions if m.adapted_from_id in held}
    adapted_originals = {m.adapted_from_id for m in missions if m.adapted_from_id}
    unheld = [m for m in missions if m.pk not in covered and m.pk not in adapted_originals]
    if not envelope.establishment.is_lycee:
        unheld = [
            m for m in unheld if not {m.code, getattr(m.adapted_from, "code", "")} & LYCEE_ONLY_MISSIONS
        ]
    alerts = []
    discipline = [
        m for m in unheld if COORDINATION_DE_DISCIPLINE in (m.code, getattr(m.adapted_from, "code", ""))
    ]
    if discipline:
        alerts.append(
            Alert(
                "warning",
                "Aucune coordination de discipline n'est attribuée : la circulaire 2015-058 l'attend dans chaque "
                "établissement.",
                [m.title for m in discipline],
            )
        )
    others = [m for m in unheld if m not in discipline]
    if others:
        alerts.append(
            Alert("info", "Missions prioritaires (art. 6) sans titulaire", [m.title for m in others])
        )
    return alerts


def repartition_alerts(envelope, *, summary=None, totals=None, rows=None, catalogue=None) -> list:
    """Alerts for the allocation screen, warnings first. Five queries, whatever the number of rows; fewer when
    the page passes what it has already loaded: the envelope `summary`, the `person_totals`, every allocation
    of the envelope (`rows`, with their staff member and mission) and the mission `catalogue`."""
    if rows is None:
        rows = Allocation.objects.filter(envelope=envelope).select_related("staff_member", "mission")
    rows = sorted(rows, key=lambda a: (a.staff_member.sort_key, a.staff_member.pk, a.mission.title))
    counted = [a for a in rows if not a.is_draft]
    alerts = []
    summary = summary or summarize(envelope)
    if summary.is_exceeded:
        alerts.append(
            Alert(
                "warning",
                "L'enveloppe est dépassée.",
                [
                    f"{imp(summary.allocated_units)} IMP attribuées pour {imp(summary.total_units)} IMP notifiées "
                    f"({imp(-summary.remaining_units)} IMP de trop)."
                ],
            )
        )
    kinds = defaultdict(set)
    for a in rows:
        kinds[(a.staff_member_id, a.mission_id)].add(a.kind)
    both = {key for key, found in kinds.items() if len(found) > 1}
    both_items = list(
        dict.fromkeys(
            f"{a.staff_member.full_name} — {a.mission.title}"
            for a in rows
            if (a.staff_member_id, a.mission_id) in both
        )
    )
    if both_items:
        alerts.append(
            Alert(
                "warning",
                "Indemnité et décharge pour la même mission : pour une mission, l'IMP et la décharge s'excluent.",
                both_items,
            )
        )
    small = [a for a in rows if a.units < QUARTER or a.units % QUARTER]
    if small:
        alerts.append(
            Alert(
                "warning",
                "Parts inférieures à un quart d'IMP ou non multiples d'un quart (circulaire 2015-058).",
                [f"{a} : {imp(a.units)} IMP" for a in small],
            )
        )
    gone = [a for a in rows if not a.staff_member.active]
    if gone:
        alerts.append(
            Alert(
                "warning",
                "Personnels qui ne sont plus en poste et gardent une attribution",
                [str(a) for a in gone],
            )
        )
    totals = person_totals(envelope) if totals is None else totals
    names = {a.staff_member_id: a.staff_member.full_name for a in counted}
    over = [
        f"{names[staff_id]} : {euros(total.amount)}"
        for staff_id, total in sorted(totals.items(), key=lambda item: names.get(item[0], ""))
        if total.over_cap and staff_id in names
    ]
    if over:
        alerts.append(
            Alert(
                "warning",
                f"Au-delà de {euros(TAX_EXEMPTION_CAP)} par an, les IMP ne sont plus défiscalisées "
                "(art. 81 quater du CGI).",
                over,
            )
        )
    people = {a.staff_member_id: a.staff_member for a in counted}
    elsewhere = over_cap_elsewhere(envelope, people.values()) - {
        staff_id for staff_id, total in totals.items() if total.over_cap
    }
    if elsewhere:
        alerts.append(
            Alert(
                "warning",
                f"Avec leurs missions dans un autre établissement, ces personnes dépassent {euros(TAX_EXEMPTION_CAP)} "
                "sur l'année : la part au-delà n'est plus défiscalisée (art. 81 quater du CGI).",
                sorted(people[staff_id].full_name for staff_id in elsewhere),
            )
        )
    alerts.extend(_unheld_priority_missions(envelope, {a.mission_id for a in counted}, catalogue))
    drafts = [a for a in rows if a.is_draft]
    if drafts:
        alerts.append(
            Alert(
                "info",
                f"{len(drafts)} attribution(s) reprise(s) de l'an dernier à valider : elles ne comptent pas encore.",
                [str(a) for a in drafts],
            )
        )
    return sorted(alerts, key=lambda alert: alert.level != "warning")


@dataclass(frozen=True)
class EqualityRow:
    label: str  # Femmes, Hommes, Non renseigné
    staff_count: int
    beneficiaries: int
    total_amount: Decimal
    paid_beneficiaries: int = 0  # those paid an IMP; a décharge alone pays nothing

    @property
    def share_percent(self) -> int:
        """Share of the staff holding at least one allocation, as a whole percentage."""
        return round(self.beneficiaries * 100 / self.staff_count) if self.staff_count else 0

    @property
    def average_amount(self) -> Decimal | None:
        """Average IMP amount per person paid (DEPP note 22.33: 990 € for women, 1 280 € for men).

        Over the people paid an IMP only: a décharge (ARE) holder is recognised in hours, not in euros, and
        counting them at 0 € would show the CA a pay gap that is not there.
        """
        if not self.paid_beneficiaries:
            return None
        return (self.total_amount / self.paid_beneficiaries).quantize(Decimal("0.01"))


SEXES = (("F", "Femmes"), ("M", "Hommes"), ("", "Non renseigné"))


def equality_summary(envelope) -> list[EqualityRow]:
    """Beneficiaries and amounts by sex, over the staff in post (or holding an allocation) — two queries.

    A beneficiary holds at least one allocation that counts, paid or décharge; amounts are what is paid, by the
    one amount rule (`pay_amount`: the database sums numbers of IMP per rate, whole numbers only).
    """
    counted = Q(allocations__envelope=envelope, allocations__is_draft=False)
    staff = (
        StaffMember.objects.filter(establishment=envelope.establishment)
        .filter(Q(active=True) | counted)
        .values("sex")
        .annotate(
            n=Count("pk", distinct=True),
            people=Count("pk", distinct=True, filter=counted),
            paid_people=Count("pk", distinct=True, filter=counted & Q(allocations__kind=Allocation.Kind.PAY)),
        )
        .order_by()
    )
    by_sex = {row["sex"]: row for row in staff}
    paid = (
        Allocation.objects.counted()
        .filter(envelope=envelope, kind=Allocation.Kind.PAY)
        .values("staff_member__sex", "rate__multiplier")
        .annotate(paid_count=Sum("count"))
        .order_by()
    )
    base = envelope.school_year.imp_base_amount
    amounts: dict[str, Decimal] = {}
    for row in paid:
        sex = row["staff_member__sex"]
        amounts[sex] = amounts.get(sex, Decimal("0.00")) + pay_amount(
            row["rate__multiplier"], row["paid_count"], base
        )
    result = []
    for sex, label in SEXES:
        row = by_sex.get(sex, {})
        result.append(
            EqualityRow(
                label=label,
                staff_count=row.get("n", 0),
                beneficiaries=row.get("people", 0),
                paid_beneficiaries=row.get("paid_people", 0),
                total_amount=amounts.get(sex, Decimal("0.00")),
            )
        )
    return result
