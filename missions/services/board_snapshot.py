"""The répartition as the CA sees it: a frozen, hashable snapshot, and what the pack derives from snapshots.

`build_snapshot` reads the allocations once and returns plain JSON data: every amount a string with two
decimals, every key sorted when hashed, so the same répartition always gives the same SHA-256
(`snapshot_sha256`). The snapshot carries what the pack shows and must not move afterwards: the envelope, the
totals, every allocation, who is who, and last year's bilan and adopted répartition as they were that day.
"""

import hashlib
import json
from collections import defaultdict
from decimal import Decimal

from missions.models import Allocation, Envelope, Mission, Periodicity, StaffMember

FORMAT = 1
CENT = Decimal("0.01")
CATEGORY_LABELS = dict(Mission.Category.choices)


def money(value) -> str:
    return str(Decimal(value or 0).quantize(CENT))


def canonical_json(snapshot: dict) -> str:
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot_sha256(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def initials(staff: StaffMember) -> str:
    parts = [part for part in (staff.first_name, staff.usage_name) if part]
    return " ".join(f"{part.strip()[0].upper()}." for part in parts)


def _allocations(envelope):
    return (
        Allocation.objects.counted()
        .filter(envelope=envelope)
        .select_related("staff_member", "mission", "rate", "envelope__school_year")
        .order_by("mission__title", "staff_member__usage_name", "staff_member__first_name", "pk")
    )


def _row(allocation) -> dict:
    pay = allocation.is_pay
    return {
        "person": str(allocation.staff_member_id),
        "mission": str(allocation.mission_id),
        "kind": allocation.kind,
        "rate_code": allocation.rate.code if pay else "",
        "rate_label": allocation.rate.label if pay else "Décharge (ARE)",
        "count": allocation.count if pay else None,
        "discharge_hours": money(allocation.discharge_hours) if not pay else None,
        "units": money(allocation.units),
        "amount": money(allocation.amount),
        "periodicity": allocation.periodicity,
    }


def _people(allocations) -> dict:
    return {
        str(a.staff_member_id): {
            "name": a.staff_member.full_name,
            "initials": initials(a.staff_member),
            "sex": a.staff_member.sex,
        }
        for a in allocations
    }


def _missions(allocations) -> dict:
    return {
        str(a.mission_id): {
            "title": a.mission.title,
            "category": a.mission.category,
            "periodicity": a.mission.periodicity,
        }
        for a in allocations
    }


def _summary(envelope, rows, people) -> dict:
    total_units = envelope.total_units()
    allocated_units = sum((Decimal(r["units"]) for r in rows), Decimal("0"))
    allocated_amount = sum((Decimal(r["amount"]) for r in rows), Decimal("0"))
    by_sex = defaultdict(lambda: {"people": set(), "amount": Decimal("0")})
    for r in rows:
        group = by_sex[people[r["person"]]["sex"] or "?"]
        group["people"].add(r["person"])
        group["amount"] += Decimal(r["amount"])
    return {
        "envelope_units": money(total_units),
        "envelope_amount": money(envelope.to_euros(total_units)),
        "allocated_units": money(allocated_units),
        "allocated_amount": money(allocated_amount),
        "remaining_units": money(total_units - allocated_units),
        "remaining_amount": money(envelope.to_euros(total_units - allocated_units)),
        "beneficiaries": len(people),
        "by_sex": {
            sex: {"people": len(group["people"]), "amount": money(group["amount"])}
            for sex, group in by_sex.items()
        },
    }


def _categories(rows, missions) -> list[dict]:
    allocated = sum((Decimal(r["units"]) for r in rows), Decimal("0"))
    totals = defaultdict(lambda: {"units": Decimal("0"), "amount": Decimal("0"), "people": set()})
    for r in rows:
        group = totals[missions[r["mission"]]["category"]]
        group["units"] += Decimal(r["units"])
        group["amount"] += Decimal(r["amount"])
        group["people"].add(r["person"])
    return [
        {
            "category": code,
            "label": CATEGORY_LABELS.get(code, code),
            "units": money(group["units"]),
            "amount": money(group["amount"]),
            "people": len(group["people"]),
            "share": str((group["units"] * 100 / allocated).quantize(Decimal("0.1")) if allocated else "0.0"),
        }
        for code, group in sorted(totals.items())
    ]


def bilan(envelope) -> dict:
    """What was allocated and what was paid: annual missions are paid by ninths over the year, a one-off one
    only once its "service fait" is recorded."""
    missions = defaultdict(
        lambda: {
            "allocated": Decimal("0"),
            "paid": Decimal("0"),
            "done": 0,
            "awaiting": 0,
            "hours": Decimal("0"),
        }
    )
    titles = {}
    for a in _allocations(envelope):
        line = missions[str(a.mission_id)]
        titles[str(a.mission_id)] = a.mission.title
        line["allocated"] += a.amount
        if not a.is_pay:
            line["hours"] += a.discharge_hours
        elif a.periodicity != Periodicity.ONE_OFF:
            line["paid"] += a.amount
        elif a.service_done_on:
            line["paid"] += a.amount
            line["done"] += 1
        else:
            line["awaiting"] += 1
    lines = [
        {
            "title": titles[key],
            "allocated": money(line["allocated"]),
            "paid": money(line["paid"]),
            "service_done": line["done"],
            "service_awaiting": line["awaiting"],
            "discharge_hours": money(line["hours"]),
        }
        for key, line in sorted(missions.items(), key=lambda item: titles[item[0]])
    ]
    return {
        "school_year": envelope.school_year.label,
        "lines": lines,
        "allocated": money(sum((line["allocated"] for line in missions.values()), Decimal("0"))),
        "paid": money(sum((line["paid"] for line in missions.values()), Decimal("0"))),
        "service_done": sum(line["done"] for line in missions.values()),
        "service_awaiting": sum(line["awaiting"] for line in missions.values()),
    }


def rows_and_names(envelope) -> dict:
    """The allocations of an envelope as snapshot rows, with the people and missions they name."""
    allocations = list(_allocations(envelope))
    return {
        "rows": [_row(a) for a in allocations],
        "people": _people(allocations),
        "missions": _missions(allocations),
    }


def last_year_part(envelope, adopted_version=None) -> dict | None:
    """Last year's adopted répartition (its frozen version when there is one) and last year's bilan."""
    previous = Envelope.objects.filter(
        establishment=envelope.establishment, school_year__start_year=envelope.school_year.start_year - 1
    ).first()
    if previous is None:
        return None
    if adopted_version is not None:
        frozen = adopted_version.snapshot
        baseline = {key: frozen[key] for key in ("rows", "people", "missions")}
        source = {"version": adopted_version.number, "sha256": adopted_version.sha256}
    else:
        baseline, source = rows_and_names(previous), {"version": None, "sha256": ""}
    return {"school_year": previous.school_year.label, **source, **baseline, "bilan": bilan(previous)}


def build_snapshot(envelope, *, person_display: str, last_year_adopted=None) -> dict:
    """The répartition of `envelope` as it stands: deterministic for the same data."""
    part = rows_and_names(envelope)
    school_year = envelope.school_year
    return {
        "format": FORMAT,
        "establishment": {"uai": envelope.establishment.uai, "name": envelope.establishment.name},
        "school_year": school_year.label,
        "imp_base_amount": money(school_year.imp_base_amount),
        "person_display": person_display,
        **part,
        "summary": _summary(envelope, part["rows"], part["people"]),
        "categories": _categories(part["rows"], part["missions"]),
        "dotations": [
            {
                "kind": dotation.get_kind_display(),
                "units": money(dotation.units),
                "granted_on": dotation.granted_on.isoformat(),
                "reference": dotation.reference,
            }
            for dotation in envelope.dotations.all()
        ],
        "last_year": last_year_part(envelope, last_year_adopted),
    }


def allocations_fingerprint(snapshot: dict) -> str:
    """The hash of what the head decides (allocations and envelope), to tell whether anything changed since."""
    return snapshot_sha256({key: snapshot[key] for key in ("rows", "summary")})


# --- what the pack derives from a snapshot ---------------------------------------------------------------
def person_label(people: dict, key: str, display: str) -> str:
    person = people.get(key, {})
    return person.get("initials" if display == "initials" else "name", "?")


def by_mission(snapshot: dict) -> list[dict]:
    display, people, missions = snapshot["person_display"], snapshot["people"], snapshot["missions"]
    groups = {}
    for row in snapshot["rows"]:
        mission = missions[row["mission"]]
        group = groups.setdefault(
            row["mission"],
            {
                "title": mission["title"],
                "category": CATEGORY_LABELS.get(mission["category"], mission["category"]),
                "holders": [],
                "units": Decimal("0"),
                "amount": Decimal("0"),
            },
        )
        group["holders"].append({**row, "label": person_label(people, row["person"], display)})
        group["units"] += Decimal(row["units"])
        group["amount"] += Decimal(row["amount"])
    return sorted(groups.values(), key=lambda group: group["title"])


def by_person(snapshot: dict) -> list[dict]:
    display, people, missions = snapshot["person_display"], snapshot["people"], snapshot["missions"]
    groups = {}
    for row in snapshot["rows"]:
        group = groups.setdefault(
            row["person"],
            {
                "label": person_label(people, row["person"], display),
                "missions": [],
                "units": Decimal("0"),
                "amount": Decimal("0"),
            },
        )
        group["missions"].append({**row, "title": missions[row["mission"]]["title"]})
        group["units"] += Decimal(row["units"])
        group["amount"] += Decimal(row["amount"])
    return sorted(groups.values(), key=lambda group: group["label"])


def _lines(part: dict) -> dict:
    """(person, mission) → what that person holds of that mission (several rows are added up)."""
    lines = {}
    for row in part["rows"]:
        key = (row["person"], row["mission"])
        line = lines.setdefault(key, {"units": Decimal("0"), "amount": Decimal("0"), "terms": []})
        line["units"] += Decimal(row["units"])
        line["amount"] += Decimal(row["amount"])
        line["terms"].append(
            f"{row['count']} × {row['rate_label']}" if row["count"] else f"{row['discharge_hours']} h d'ARE"
        )
    for line in lines.values():
        line["terms"] = ", ".join(sorted(line["terms"]))
    return lines


def diff(old: dict | None, new: dict, display: str) -> dict | None:
    """Added, removed and changed person × mission lines from `old` to `new` (None without `old`)."""
    if old is None:
        return None
    before, after = _lines(old), _lines(new)
    people = {**old["people"], **new["people"]}
    missions = {**old["missions"], **new["missions"]}

    def describe(key, old_line=None, new_line=None):
        return {
            "person": person_label(people, key[0], display),
            "mission": missions[key[1]]["title"],
            "old": old_line,
            "new": new_line,
        }

    def order(item):
        return (item["mission"], item["person"])

    added = [describe(key, new_line=after[key]) for key in after.keys() - before.keys()]
    removed = [describe(key, old_line=before[key]) for key in before.keys() - after.keys()]
    changed = [
        describe(key, before[key], after[key])
        for key in before.keys() & after.keys()
        if (before[key]["units"], before[key]["amount"], before[key]["terms"])
        != (after[key]["units"], after[key]["amount"], after[key]["terms"])
    ]
    return {
        "added": sorted(added, key=order),
        "removed": sorted(removed, key=order),
        "changed": sorted(changed, key=order),
        "empty": not (added or removed or changed),
    }
