"""A realistic demo répartition of the IMP envelope for one establishment (called by `seed_demo`).

A collège gets 7 IMP, a lycée 17 plus a supplement of 1 — close to one IMP for six teachers, the usual
proportion. The allocations mix rates, share a mission among several people, include a décharge (ARE) for
the référent numérique, a one-off school trip paid after "service fait", the coordinateur harcèlement paid by
an IMP (circulaire du 2 février 2024), and leave part of the envelope free so the gauge shows what remains.

Everything goes through the allocation service, so the demo obeys the same rules as the head. People are
picked from the establishment's active staff by category and discipline, in name order: the same data
gives the same répartition. Safe to run again: an envelope that already has allocations is left alone.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from missions.models import Allocation, Dotation, Rate, Role, RoleGrant, StaffMember
from missions.services.allocations import AllocationRefused, allocate
from missions.services.catalogue import eps_suggestion_for, folded, missions_for, teaches_eps
from missions.services.envelopes import add_dotation, envelope_for

Category = StaffMember.Category
PAY, DISCHARGE = Allocation.Kind.PAY, Allocation.Kind.DISCHARGE
NOT_PAID_BY_IMP_FOR_PHARE = {Category.NURSE, Category.SOCIAL_WORKER}


@dataclass(frozen=True)
class Line:
    """One planned allocation: a mission, who (category and discipline), and how it is recognised."""

    mission: str
    rate: str | None = "003"
    count: int = 1
    discipline: str = ""  # a word of the person's disciplines; "EPS" uses the EPS rule of the catalogue
    category: str = Category.TEACHER
    hours: Decimal | None = None  # a décharge (ARE) instead of pay
    trip: tuple[int, int, int, int] | None = None  # one-off: (start month, start day, end month, end day)
    role: str = ""  # prefer the person holding this role in the establishment this year
    # prefer the demo account of that name ("prof": the teacher one signs in as sees missions)
    login: str = ""


COLLEGE_GRANTS = (
    (Dotation.Kind.INITIAL, Decimal("7"), (6, 24), "Notification DHG {year} — rectorat de {academie}"),
)
LYCEE_GRANTS = (
    (Dotation.Kind.INITIAL, Decimal("17"), (6, 24), "Notification DHG {year} — rectorat de {academie}"),
    (
        Dotation.Kind.SUPPLEMENT,
        Decimal("1"),
        (10, 8),
        "Abondement DASEN {year} — section européenne",
    ),
)

# Collège: 6,5 IMP of 7 allocated.
COLLEGE_PLAN = (
    Line("coordination-discipline", discipline="Mathématiques"),
    Line("coordination-eps", discipline="EPS"),
    Line("referent-numerique", rate=None, discipline="Technologie", hours=Decimal("1")),
    Line("coordinateur-harcelement", category=Category.CPE, role=Role.HARASSMENT_COORDINATOR),
    Line("referent-culture", rate="002", discipline="Arts plastiques"),
    Line("devoirs-faits", rate="002", discipline="Lettres modernes"),
    Line("devoirs-faits", rate="002", discipline="Mathématiques"),
    Line("coordination-cycle", rate="002", discipline="Histoire"),
    Line("voyage-scolaire", rate="002", discipline="Espagnol", trip=(3, 15, 3, 19)),
)

# Lycée: 17 IMP of 18 allocated.
LYCEE_PLAN = (
    Line("coordination-discipline", discipline="Mathématiques", login="prof"),
    Line("coordination-discipline", rate="004", discipline="Physique"),
    Line("coordination-discipline", discipline="SVT"),
    Line("coordination-discipline", discipline="Lettres modernes"),
    Line("coordination-eps", discipline="EPS"),
    Line("referent-numerique", rate=None, discipline="NSI", hours=Decimal("2")),
    Line("coordinateur-harcelement", category=Category.CPE, role=Role.HARASSMENT_COORDINATOR),
    Line("referent-decrochage", category=Category.CPE),
    Line("referent-culture", rate="002", discipline="Arts plastiques"),
    Line("tutorat", rate="002", discipline="SES"),
    Line("tutorat", rate="002", discipline="Philosophie"),
    Line("tutorat", rate="002", discipline="Histoire"),
    Line("action-europeenne-internationale", discipline="Allemand"),
    Line("enseignement-superieur", rate="002", discipline="SES"),
    Line("laboratoire-mathematiques", discipline="Mathématiques"),
    Line("developpement-durable", rate="001", count=2, discipline="SVT"),
    Line("egalite-filles-garcons", rate="002", discipline="Lettres modernes"),
    Line("voyage-scolaire", rate="002", discipline="Espagnol", trip=(4, 12, 4, 16)),
)


@dataclass
class SeededRepartition:
    envelope: object
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # French reasons, for the command's output


class StaffPicker:
    """Deterministic choice of people: name order, each person used once while others are left."""

    def __init__(self, establishment, school_year):
        self.staff = list(
            StaffMember.objects.active()
            .filter(establishment=establishment)
            .select_related("user")
            .order_by("usage_name", "first_name", "pk")
        )
        grants = RoleGrant.objects.filter(
            establishment=establishment, school_year=school_year, staff_member__isnull=False
        )
        self.roles = {}
        for role, staff_id in grants.order_by("pk").values_list("role", "staff_member_id"):
            self.roles.setdefault(role, set()).add(staff_id)
        self.used = set()

    def pick(self, line: Line):
        # The coordinateur harcèlement is paid by an IMP unless a nurse or a social worker, who gets a
        # 1 250 € complement instead (circulaire du 2 février 2024): only IMP-paid holders are picked here.
        candidates = (
            [p for p in self.staff if line.login and p.user and p.user.email.startswith(f"{line.login}.")]
            or [
                p
                for p in self.staff
                if p.pk in self.roles.get(line.role, ()) and p.category not in NOT_PAID_BY_IMP_FOR_PHARE
            ]
            or [p for p in self.staff if p.category == line.category and self._teaches(p, line.discipline)]
        )
        if not candidates:
            # A small establishment may lack that discipline or a CPE: any teacher can take the mission.
            candidates = [p for p in self.staff if p.category == Category.TEACHER]
        fresh = [p for p in candidates if p.pk not in self.used]
        chosen = (fresh or candidates or [None])[0]
        if chosen is not None:
            self.used.add(chosen.pk)
        return chosen

    @staticmethod
    def _teaches(person, discipline):
        if not discipline:
            return True
        if discipline == "EPS":
            return teaches_eps(person.disciplines)
        return folded(discipline) in folded(person.disciplines)


def _missions_by_code(establishment):
    """The establishment's catalogue by code; its own (adapted) copy wins over the national mission."""
    missions = {}
    for mission in sorted(missions_for(establishment), key=lambda m: m.establishment_id is not None):
        missions[mission.code] = mission
    return missions


def _add_grants(envelope, establishment, school_year, actor):
    grants = LYCEE_GRANTS if establishment.is_lycee else COLLEGE_GRANTS
    for kind, units, (month, day), reference in grants:
        # The initial grant comes with the DHG in June before the rentrée; a supplement during the year.
        year = school_year.start_year if month >= 6 else school_year.start_year + 1
        add_dotation(
            envelope,
            kind=kind,
            units=units,
            granted_on=date(year, month, day),
            reference=reference.format(
                year=school_year.label, academie=establishment.academie or "l'académie"
            ),
            actor=actor,
        )


def _allocation_values(line: Line, rates, establishment, school_year):
    if line.hours is not None:
        return {"kind": DISCHARGE, "discharge_hours": line.hours}
    rate, count = rates[line.rate], line.count
    if line.mission == "coordination-eps":
        # The APSA coordination follows a rule (circulaire 2015-058): apply the catalogue's suggestion.
        suggestion = eps_suggestion_for(establishment)
        if not suggestion.rate_code:
            return None
        rate, count = rates[suggestion.rate_code], 1
    values = {"kind": PAY, "rate": rate, "count": count}
    if line.trip:
        start_month, start_day, end_month, end_day = line.trip
        values |= {
            "start_date": date(school_year.start_year + 1, start_month, start_day),
            "end_date": date(school_year.start_year + 1, end_month, end_day),
        }
    return values


@transaction.atomic
def seed_repartition(establishment, school_year, *, actor=None) -> SeededRepartition:
    """Give the establishment its demo envelope and répartition for `school_year` (nothing if one exists)."""
    envelope = envelope_for(establishment, school_year)
    result = SeededRepartition(envelope)
    if envelope.allocations.exists():
        return result
    if not envelope.dotations.exists():
        _add_grants(envelope, establishment, school_year, actor)
    missions = _missions_by_code(establishment)
    rates = {rate.code: rate for rate in Rate.objects.all()}
    picker = StaffPicker(establishment, school_year)
    for line in LYCEE_PLAN if establishment.is_lycee else COLLEGE_PLAN:
        mission, person = missions.get(line.mission), picker.pick(line)
        values = None
        if mission is not None and person is not None:
            values = _allocation_values(line, rates, establishment, school_year)
        if values is None:
            result.skipped.append(f"{line.mission} : mission, personne ou taux indisponible")
            continue
        try:
            result.created.append(
                allocate(envelope=envelope, staff_member=person, mission=mission, actor=actor, **values)
            )
        except AllocationRefused as refusal:
            result.skipped.append(f"{line.mission} : {' '.join(refusal.messages)}")
    return result
