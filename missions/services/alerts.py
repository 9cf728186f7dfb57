"""What the rules expect and the head might miss, and the equality line the CA will ask about.

Both run a constant number of queries, whatever the size of the répartition.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

from missions.models import QUARTER, Allocation, Mission, StaffMember
from missions.services.allocations import TAX_EXEMPTION_CAP, person_totals
from missions.services.envelopes import summarize
from missions.templatetags.french import euros, imp

COORDINATION_DE_DISCIPLINE = "coordination-discipline"


# Circulaire 2015-058: the tutorat des élèves is a mission of the lycées (LGT and LP), not of the collèges.
LYCEE_ONLY_MISSIONS = {"tutorat"}


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
    """Alerts for the allocation screen, warnings first. Five queries, whatever the number of rows; none when
    the page passes what it has already loaded: the envelope `summary`, the `person_totals`, every allocation
    of the envelope (`rows`, with their staff member and mission) and the mission `catalogue`."""
    if rows is None:
        rows = Allocation.objects.filter(envelope=envelope).select_related("staff_member", "mission")
    rows = sorted(rows, key=lambda a: (a.staff_member.usage_name, a.staff_member.first_name, a.mission.title))
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
                    f"({euros(-summary.remaining_euros)} de trop)."
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

    A beneficiary holds at least one allocation that counts, paid or décharge; amounts are what is paid.
    """
    staff = (
        StaffMember.objects.filter(establishment=envelope.establishment)
        .filter(Q(active=True) | Q(allocations__envelope=envelope, allocations__is_draft=False))
        .values("sex")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    staff_counts = {row["sex"]: row["n"] for row in staff}
    paid_multiples = ExpressionWrapper(
        F("rate__multiplier") * F("count"), output_field=DecimalField(max_digits=8, decimal_places=2)
    )
    held = (
        Allocation.objects.counted()
        .filter(envelope=envelope)
        .values("staff_member__sex")
        .annotate(
            people=Count("staff_member", distinct=True),
            paid_people=Count("staff_member", distinct=True, filter=Q(kind=Allocation.Kind.PAY)),
            multiples=Sum(paid_multiples, filter=Q(kind=Allocation.Kind.PAY)),
        )
        .values(
            "staff_member__sex",
            "people",
            "paid_people",
            "multiples",
            "envelope__school_year__imp_base_amount",
        )
        .order_by()
    )
    held_by_sex = {row["staff_member__sex"]: row for row in held}
    result = []
    for sex, label in SEXES:
        row = held_by_sex.get(sex, {})
        base = Decimal(row.get("envelope__school_year__imp_base_amount") or 0)
        result.append(
            EqualityRow(
                label=label,
                staff_count=staff_counts.get(sex, 0),
                beneficiaries=row.get("people", 0),
                paid_beneficiaries=row.get("paid_people", 0),
                total_amount=(Decimal(row.get("multiples") or 0) * base).quantize(Decimal("0.01")),
            )
        )
    return result
