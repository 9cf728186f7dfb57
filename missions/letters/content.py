"""What a letter says, built from the person's allocations of the year: one function, `build_content`.

The content is plain JSON (strings, ISO dates, amounts as "1250.00") so that what is frozen at sending, hashed and
later rendered is exactly the same thing. `is_outdated` compares the missions of a frozen letter with those built
now: nothing is stored, so the allocation service needs no change.
"""

import hashlib
import json
from datetime import date
from decimal import Decimal

from missions.models import Allocation, LetterTemplate, MissionLetter
from missions.services.schedule import ninths

CONTENT_FORMAT = 1  # bump when the shape of the content changes; old letters keep theirs


def board_dates(establishment, school_year) -> tuple[date | None, date | None]:
    """(date of the conseil pédagogique's opinion, date of the CA's vote) on the répartition of the year, None
    when not recorded yet (the letter then says nothing of them). The CA module keeps them."""
    from missions.services.board import board_dates as recorded_dates

    dates = recorded_dates(establishment, school_year)
    return dates.council_avis_on, dates.board_vote_on


def _allocations(establishment, school_year):
    return (
        Allocation.objects.counted()
        .filter(envelope__establishment=establishment, envelope__school_year=school_year)
        .select_related("mission", "rate", "envelope__school_year")
        .order_by("mission__title", "pk")
    )


def mission_entry(allocation) -> dict:
    """One mission of the letter: title, tasks, conditions, periodicity and pay (or décharge)."""
    mission = allocation.mission
    entry = {
        "allocation": allocation.pk,
        "title": mission.title,
        "category": mission.get_category_display(),
        "description": mission.description,
        "tasks": mission.task_list,
        "legal_reference": mission.legal_reference,
        "periodicity": allocation.periodicity,
        "periodicity_label": allocation.get_periodicity_display(),
        "start_date": allocation.start_date.isoformat() if allocation.start_date else None,
        "end_date": allocation.end_date.isoformat() if allocation.end_date else None,
        "kind": allocation.kind,
        "note": allocation.note,
    }
    if allocation.is_pay:
        amount = allocation.amount
        entry |= {
            "rate": allocation.rate.label,
            "rate_amount": str(allocation.rate.amount(allocation.envelope.school_year)),
            "count": allocation.count,
            "amount": str(amount),
        }
        if not allocation.is_one_off:
            parts = ninths(amount)
            entry |= {"ninth": str(parts[0]), "last_ninth": str(parts[-1])}
    else:
        entry["discharge_hours"] = str(allocation.discharge_hours)
    return entry


def missions_by_person(establishment, school_year, staff_member=None) -> dict[int, list[dict]]:
    """Every person's mission entries for the year, in one query (the overview checks all letters at once)."""
    allocations = _allocations(establishment, school_year)
    if staff_member is not None:
        allocations = allocations.filter(staff_member=staff_member)
    result: dict[int, list[dict]] = {}
    for allocation in allocations:
        result.setdefault(allocation.staff_member_id, []).append(mission_entry(allocation))
    return result


def template_text(establishment) -> dict:
    template = LetterTemplate.objects.filter(establishment=establishment).first()
    return {
        "header": template.header if template else "",
        "head_signature": template.head_signature if template else "",
        "paying_service_address": template.paying_service_address if template else "",
    }


def build_content(letter: MissionLetter, missions: list[dict] | None = None) -> dict:
    """Everything the letter says today. `missions` may be given (from `missions_by_person`) to save queries."""
    establishment, school_year, person = letter.establishment, letter.school_year, letter.staff_member
    if missions is None:
        missions = missions_by_person(establishment, school_year, person).get(person.pk, [])
    opinion, vote = board_dates(establishment, school_year)
    total = sum((Decimal(m["amount"]) for m in missions if "amount" in m), Decimal("0.00"))
    hours = sum((Decimal(m["discharge_hours"]) for m in missions if "discharge_hours" in m), Decimal("0"))
    return {
        "format": CONTENT_FORMAT,
        "version": letter.version,
        "establishment": {
            "name": establishment.name,
            "uai": establishment.uai,
            "academie": establishment.academie,
            "commune": establishment.commune,
        },
        "school_year": {
            "label": school_year.label,
            "start_date": school_year.start_date.isoformat(),
            "end_date": school_year.end_date.isoformat(),
            "imp_base_amount": str(school_year.imp_base_amount),
        },
        "person": {
            "civility": person.civility,
            "first_name": person.first_name,
            "usage_name": person.usage_name.upper(),
            "birth_name": person.birth_name.upper(),
            "grade": person.grade,
            "disciplines": person.disciplines,
            "category": person.get_category_display(),
        },
        "missions": missions,
        "totals": {"amount": str(total), "discharge_hours": str(hours)},
        "board": {
            "council_opinion_date": opinion.isoformat() if opinion else None,
            "ca_vote_date": vote.isoformat() if vote else None,
        },
        "template": template_text(establishment),
        "free_text": letter.free_text,
    }


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256_of(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def missions_digest(missions: list[dict]) -> str:
    return hashlib.sha256(canonical(missions)).hexdigest()


def current_content(letter: MissionLetter) -> dict:
    """What the letter says: frozen once sent, built live while a draft."""
    return letter.content if letter.is_frozen else build_content(letter)


def is_outdated(letter: MissionLetter, missions: list[dict] | None = None) -> bool:
    """A frozen letter whose missions differ from those the allocations give now (drafts are always current)."""
    if not letter.is_frozen or letter.status in {
        MissionLetter.Status.WITHDRAWN,
        MissionLetter.Status.DECLINED,
    }:
        return False
    if missions is None:
        by_person = missions_by_person(letter.establishment, letter.school_year, letter.staff_member)
        missions = by_person.get(letter.staff_member_id, [])
    return missions_digest(letter.content["missions"]) != missions_digest(missions)


def outdated_ids(letters, by_person: dict[int, list[dict]]) -> set[int]:
    """The ids of the outdated letters among `letters` (one establishment and year), without a query each."""
    return {letter.pk for letter in letters if is_outdated(letter, by_person.get(letter.staff_member_id, []))}
