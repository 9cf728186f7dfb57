"""What an STSWeb export changes in an establishment's staff (`plan_import`), and doing it (`apply_import`).

People are matched on usage name + first name + birth date, compared without case or accents: the STSWeb `ID`
is an opaque key that public parsers call unstable, so it only breaks ties.
Nobody is ever deleted: staff who left are marked inactive, and someone who comes back is reactivated.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from missions.models import Establishment, StaffMember
from missions.services.schedule import french_date

from .names import fold
from .parser import StsExport, StsPerson

# The fields STSWeb is the reference for. E-mail, account and the rest are the head's, never touched here.
STS_FIELDS = (
    "civility",
    "sex",
    "usage_name",
    "birth_name",
    "first_name",
    "birth_date",
    "category",
    "grade",
    "disciplines",
    "sts_id",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass
class Update:
    staff: StaffMember
    person: StsPerson
    changes: list[FieldChange]

    @property
    def values(self):
        return wanted_values(self.person) | {"active": True}


@dataclass
class ImportPlan:
    establishment: Establishment
    export: StsExport
    to_create: list[StsPerson] = field(default_factory=list)
    to_update: list[Update] = field(default_factory=list)
    to_deactivate: list[StaffMember] = field(default_factory=list)
    unchanged: list[StaffMember] = field(default_factory=list)
    # Active records typed by hand (no STSWeb id) and absent from the file: kept as they are.
    kept_manual: list[StaffMember] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "deactivated": len(self.to_deactivate),
            "unchanged": len(self.unchanged),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update or self.to_deactivate)


def summary(counts: dict) -> str:
    """'42 créés, 0 mis à jour, 0 désactivés, 0 inchangés' — the report's one line, everywhere."""
    created, updated, deactivated, unchanged = (
        counts.get(key, 0) for key in ("created", "updated", "deactivated", "unchanged")
    )
    return f"{created} créés, {updated} mis à jour, {deactivated} désactivés, {unchanged} inchangés"


def wanted_values(person: StsPerson) -> dict:
    """The values the file gives. A value the file leaves empty (a local person's birth date, sex…) is
    not one it asks to erase: what the head typed is kept."""
    values = {name: getattr(person, name) for name in STS_FIELDS}
    return {name: value for name, value in values.items() if value not in ("", None)}


def plan_import(establishment: Establishment, export: StsExport) -> ImportPlan:
    """Compare the file with the establishment's staff, in one query, without writing anything."""
    plan = ImportPlan(establishment=establishment, export=export)
    staff = list(StaffMember.objects.filter(establishment=establishment)) if establishment.pk else []
    matches = match_people(export.people, staff)
    for index, person in enumerate(export.people):
        member = matches.get(index)
        if member is None:
            plan.to_create.append(person)
            continue
        changes = changes_for(member, person)
        if changes:
            plan.to_update.append(Update(member, person, changes))
        else:
            plan.unchanged.append(member)
    matched = {member.pk for member in matches.values()}
    for member in staff:
        if member.pk in matched or not member.active:
            continue
        # Only records that came from STSWeb are deactivated when the file no longer lists them. Records the
        # head typed by hand (an AED, a contract worker, a CA member's staff record…) are often people STSWeb
        # does not know: deactivating them at each import would undo the head's work.
        if member.sts_id:
            plan.to_deactivate.append(member)
        else:
            plan.kept_manual.append(member)
    return plan


def match_people(people, staff) -> dict[int, StaffMember]:
    """Index in `people` -> the staff record that is the same person. Each record is claimed at most once."""
    by_name = defaultdict(list)
    for member in sorted(staff, key=lambda member: (not member.active, member.pk)):
        by_name[(fold(member.usage_name), fold(member.first_name))].append(member)
    matches: dict[int, StaffMember] = {}
    claimed: set[int] = set()

    def claim(index, candidates, *, unique_only):
        candidates = [member for member in candidates if member.pk not in claimed]
        same_id = [
            member for member in candidates if people[index].sts_id and member.sts_id == people[index].sts_id
        ]
        if same_id:
            chosen = same_id[0]
        elif candidates and (len(candidates) == 1 or not unique_only):
            chosen = candidates[0]
        else:
            return
        matches[index] = chosen
        claimed.add(chosen.pk)

    # First the full key (names and birth date), so a looser match below never takes someone's record.
    for index, person in enumerate(people):
        if person.birth_date:
            same_names = by_name[(fold(person.usage_name), fold(person.first_name))]
            claim(index, [m for m in same_names if m.birth_date == person.birth_date], unique_only=False)
    # Then a birth date missing on one side (a local person, a record typed by hand): same names, and only
    # when it designates one person — the STSWeb id decides between homonyms.
    for index, person in enumerate(people):
        if index in matches:
            continue
        same_names = by_name[(fold(person.usage_name), fold(person.first_name))]
        loose = [m for m in same_names if m.birth_date is None or person.birth_date is None]
        claim(index, loose, unique_only=True)
    return matches


def changes_for(member: StaffMember, person: StsPerson) -> list[FieldChange]:
    changes = [
        FieldChange(name, _label(name), display(name, getattr(member, name)), display(name, value))
        for name, value in wanted_values(person).items()
        if getattr(member, name) != value
    ]
    if not member.active:
        changes.append(FieldChange("active", "situation", "inactif", "en poste (réactivé)"))
    return changes


def display(name: str, value) -> str:
    if value in ("", None):
        return "—"
    if isinstance(value, date):
        return french_date(value)
    if name == "category":
        return StaffMember.Category(value).label
    if name == "sex":
        return StaffMember.Sex(value).label
    return str(value)


def _label(name: str) -> str:
    return str(StaffMember._meta.get_field(name).verbose_name)


@transaction.atomic
def apply_import(plan: ImportPlan) -> dict:
    """Write the plan in one transaction; return the report (counts and who changed)."""
    now = timezone.now()
    establishment = plan.establishment
    created = [
        StaffMember(
            establishment=establishment,
            **({"category": StaffMember.Category.OTHER} | wanted_values(person)),
        )
        for person in plan.to_create
    ]
    for member in created:
        member.fill_keys()  # bulk writes skip save(): the search and sort keys are filled here
    StaffMember.objects.bulk_create(created)
    for update in plan.to_update:
        for name, value in update.values.items():
            setattr(update.staff, name, value)
        update.staff.updated_at = now
        update.staff.fill_keys()
    StaffMember.objects.bulk_update(
        [update.staff for update in plan.to_update],
        [*STS_FIELDS, "active", "updated_at", "sort_key", "search_key"],
        batch_size=200,
    )
    StaffMember.objects.filter(pk__in=[member.pk for member in plan.to_deactivate]).update(
        active=False, updated_at=now
    )
    return report_of(plan)


def report_of(plan: ImportPlan) -> dict:
    """What the import did, kept with it (StsImport.report) so the head can read it later."""
    return plan.counts() | {
        "school_year": plan.export.school_year_label,
        "details": {
            "created": [person.full_name for person in plan.to_create],
            "updated": [
                {
                    "name": update.person.full_name,
                    "changes": [f"{c.label} : {c.before} → {c.after}" for c in update.changes],
                }
                for update in plan.to_update
            ],
            "deactivated": [member.full_name for member in plan.to_deactivate],
        },
    }
