"""The mission catalogue: what an establishment may pick from, and how it makes the catalogue its own.

National missions (no establishment) come from data migration 0003. An establishment adds its own missions,
adapts a national one (its own copy; the national one is then archived for it) and archives what it no
longer uses. Archiving never deletes: allocations already made on an archived mission stay valid.

Errors are `CatalogueRefused` (a ValidationError) with a French message; nothing is saved then.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from missions import clock
from missions.models import Mission, Rate, StaffMember
from missions.templatetags.french import hours

COORDINATION_EPS = "coordination-eps"

# What an establishment may set on its own mission; ownership, code and adaptation are the service's.
EDITABLE_FIELDS = (
    "title",
    "category",
    "description",
    "tasks",
    "suggested_rate",
    "periodicity",
    "legal_reference",
)


class CatalogueRefused(ValidationError):
    """A catalogue change the rules refuse; the message is for the user."""


def missions_for(establishment):
    """The establishment's catalogue: national missions and its own, those it archived excluded."""
    return (
        Mission.objects.for_establishment(establishment)
        .select_related("suggested_rate", "adapted_from")
        .prefetch_related("allowed_rates")
    )


def archived_missions_for(establishment):
    """What the establishment archived (national or own), so it can bring them back."""
    return (
        Mission.objects.filter(archived_by=establishment)
        .select_related("suggested_rate", "adapted_from")
        .prefetch_related("allowed_rates")
    )


def _ensure_in_scope(mission, establishment, verb):
    if mission.establishment_id is not None and mission.establishment_id != establishment.pk:
        raise CatalogueRefused(
            f"La mission « {mission.title} » appartient à un autre établissement : "
            f"vous ne pouvez pas {verb}.",
            code="other_establishment",
        )


def _unique_code(establishment, wanted):
    base = slugify(wanted)[:55] or "mission"
    taken = set(
        Mission.objects.filter(establishment=establishment, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


def _checked_rates(suggested_rate, allowed_rates):
    allowed = list(allowed_rates)
    if not allowed:
        raise CatalogueRefused("Choisissez au moins un taux possible pour la mission.", code="no_rate")
    if suggested_rate is not None and suggested_rate not in allowed:
        raise CatalogueRefused(
            f"Le taux conseillé ({suggested_rate.label}) doit faire partie des taux possibles.",
            code="suggested_not_allowed",
        )
    return allowed


def _check_category(category, national) -> None:
    """The art. 6 priority missions are those the décret and the national catalogue list: an establishment's
    own mission is an art. 7 one, unless it adapts a national priority mission."""
    if category != Mission.Category.PRIORITY:
        return
    if national is None or national.category != Mission.Category.PRIORITY:
        raise CatalogueRefused(
            "Les missions prioritaires (art. 6 du décret n° 2015-475) sont fixées au niveau national : "
            "une mission propre à l'établissement relève de l'article 7. Pour préciser une mission "
            "prioritaire, adaptez-la depuis le catalogue national.",
            code="own_priority",
        )


def _checked_fields(fields):
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus pour une mission : {', '.join(sorted(unknown))}")
    if "title" in fields and not (fields["title"] or "").strip():
        raise CatalogueRefused("Donnez un intitulé à la mission.", code="no_title")
    return fields


@transaction.atomic
def create_own_mission(establishment, *, code=None, allowed_rates=None, **fields) -> Mission:
    """A mission of the establishment's own (art. 7 by default: chosen locally, presented to the CA).

    Without `allowed_rates`, the five rates are allowed (décret 2015-475 art. 7 leaves the rate to the head).
    """
    fields = _checked_fields(fields)
    if not (fields.get("title") or "").strip():
        raise CatalogueRefused("Donnez un intitulé à la mission.", code="no_title")
    _check_category(fields.get("category"), None)
    if allowed_rates is None:
        allowed_rates = Rate.objects.all()
    allowed = _checked_rates(fields.get("suggested_rate"), allowed_rates)
    mission = Mission.objects.create(
        establishment=establishment, code=_unique_code(establishment, code or fields["title"]), **fields
    )
    mission.allowed_rates.set(allowed)
    return mission


@transaction.atomic
def adapt_mission(mission, establishment, *, code=None, allowed_rates=None, actor=None, **changes) -> Mission:
    """The establishment's own copy of a national mission, with `changes` applied.

    The national mission is archived for this establishment so its catalogue shows only the copy. Its holders
    of the years not over yet follow it to the copy (through the allocation service: checked, and in the
    history); `copy.carried` lists those moved, `copy.left` (allocation, reason) those that stay, e.g. on a
    rate the copy no longer allows. Past years keep the mission they were paid under.
    """
    _ensure_in_scope(mission, establishment, "l'adapter")
    if not mission.is_national:
        raise CatalogueRefused(
            f"La mission « {mission.title} » est déjà propre à l'établissement : modifiez-la directement.",
            code="not_national",
        )
    changes = _checked_fields(changes)
    fields = {name: getattr(mission, name) for name in EDITABLE_FIELDS} | changes
    _check_category(fields["category"], mission)
    if allowed_rates is None:
        allowed_rates = mission.allowed_rates.all()
    allowed = _checked_rates(fields["suggested_rate"], allowed_rates)
    copy = Mission.objects.create(
        establishment=establishment,
        adapted_from=mission,
        code=_unique_code(establishment, code or mission.code),
        **fields,
    )
    copy.allowed_rates.set(allowed)
    copy.carried, copy.left = _carry_holders(mission, copy, establishment, actor)
    mission.archived_by.add(establishment)
    return copy


def _carry_holders(national, copy, establishment, actor):

    from missions.models import Allocation
    from missions.services.allocations import AllocationRefused, update_allocation

    carried, left = [], []
    holders = (
        Allocation.objects.filter(
            mission=national,
            envelope__establishment=establishment,
            envelope__school_year__end_date__gte=clock.today(),
        )
        .select_related("staff_member", "envelope__school_year")
        .order_by("pk")
    )
    for allocation in holders:
        try:
            with transaction.atomic():
                carried.append(update_allocation(allocation, actor=actor, mission=copy))
        except AllocationRefused as refusal:
            left.append((allocation, refusal.message))
    return carried, left


@transaction.atomic
def update_own_mission(mission, establishment, *, allowed_rates=None, **changes) -> Mission:
    """Change a mission of the establishment's own; a national text is changed through `adapt_mission`.

    Existing allocations keep their rate even if it is no longer allowed: the roll-over and the screen say so.
    """
    _ensure_in_scope(mission, establishment, "la modifier")
    if mission.is_national:
        raise CatalogueRefused(
            f"« {mission.title} » est une mission nationale : adaptez-la pour en modifier le texte.",
            code="national",
        )
    changes = _checked_fields(changes)
    if "category" in changes and changes["category"] != mission.category:
        _check_category(changes["category"], mission.adapted_from)
    for name, value in changes.items():
        setattr(mission, name, value)
    allowed = _checked_rates(
        mission.suggested_rate, mission.allowed_rates.all() if allowed_rates is None else allowed_rates
    )
    mission.save()
    mission.allowed_rates.set(allowed)
    return mission


@transaction.atomic
def archive_mission(mission, establishment) -> None:
    """Hide the mission from the establishment's catalogue; nothing is deleted, allocations stay valid."""
    _ensure_in_scope(mission, establishment, "l'archiver")
    mission.archived_by.add(establishment)


@transaction.atomic
def unarchive_mission(mission, establishment) -> None:
    """Bring an archived mission back into the establishment's catalogue."""
    _ensure_in_scope(mission, establishment, "la réactiver")
    mission.archived_by.remove(establishment)


def rate_allowed(mission, rate) -> bool:
    """Is `rate` one of the mission's allowed rates? (uses the prefetched rates when there are some)

    A mission that lists no rate leaves the choice open: any of the five (décret 2015-475 art. 7 missions).
    """
    if rate is None:
        return False
    allowed = list(mission.allowed_rates.all())
    return not allowed or any(candidate.pk == rate.pk for candidate in allowed)


def rate_not_allowed_message(mission, rate) -> str:
    allowed = ", ".join(r.label for r in sorted(mission.allowed_rates.all(), key=lambda r: r.multiplier))
    return (
        f"Le taux « {rate.label} » n'est pas prévu pour la mission « {mission.title} » "
        f"(taux possibles : {allowed})."
    )


# --- The EPS/APSA coordination rule (circulaire 2015-058, as the teachers' unions SNEP and SNALC read it) ---

EPS_MIN_HOURS_FOR_THREE = Decimal("50")


@dataclass(frozen=True)
class Suggestion:
    units: Decimal  # IMP at taux de base
    rate_code: str | None  # STSWeb code of the one rate that pays it ("003" = 1 IMP, "004" = 2 IMP)
    explanation: str
    teacher_count: int | None = None


def is_eps_coordination(mission) -> bool:
    """The coordination des APSA, national or the establishment's adapted copy of it."""
    adapted_from = mission.adapted_from.code if mission.adapted_from else None
    return COORDINATION_EPS in (mission.code, adapted_from)


def _suggest(units, explanation, teacher_count):
    # One holder paid 1 IMP is "taux de base" (003); 2 IMP is one "double taux" (004).
    rate_code = {1: "003", 2: "004"}.get(units)
    return Suggestion(Decimal(units), rate_code, explanation, teacher_count)


def eps_coordination_suggestion(teacher_count, total_hours=None, service_max_total=None) -> Suggestion:
    """The IMP for the coordination des APSA, the one mission whose amount follows from a rule.

    `total_hours`: weekly EPS + association sportive (AS) hours of the team; `service_max_total`: the sum of
    their service maxima. Unknown figures make the explanation say what the head must check.
    """
    n = teacher_count
    if n < 3:
        return _suggest(0, f"{n} professeur(s) d'EPS : en dessous de trois, pas d'IMP de coordination.", n)
    if n == 3:
        if total_hours is None:
            return _suggest(
                1,
                "3 professeurs d'EPS : 1 IMP au taux de base si l'équipe assure au moins 50 h par semaine "
                "(EPS et association sportive), aucune en dessous. Vérifiez ce total.",
                n,
            )
        if Decimal(total_hours) < EPS_MIN_HOURS_FOR_THREE:
            return _suggest(
                0,
                f"3 professeurs d'EPS pour {hours(total_hours)} d'EPS et d'AS, moins de 50 h : pas d'IMP.",
                n,
            )
        return _suggest(
            1, f"3 professeurs d'EPS pour {hours(total_hours)} d'EPS et d'AS (50 h ou plus) : 1 IMP.", n
        )
    if n == 4:
        if total_hours is None or service_max_total is None:
            return _suggest(
                1,
                "4 professeurs d'EPS : 1 IMP au taux de base, ou 2 IMP (double taux) si leurs heures d'EPS "
                "et d'association sportive dépassent la somme de leurs maxima de service. Vérifiez ces "
                "totaux.",
                n,
            )
        team = f"4 professeurs d'EPS : {hours(total_hours)} d'EPS et d'AS pour {hours(service_max_total)}"
        if Decimal(total_hours) > Decimal(service_max_total):
            return _suggest(2, f"{team} de maxima de service, dépassés : 2 IMP (double taux).", n)
        return _suggest(1, f"{team} de maxima de service, non dépassés : 1 IMP au taux de base.", n)
    return _suggest(2, f"{n} professeurs d'EPS, plus de quatre : 2 IMP (double taux).", n)


EPS_PATTERN = re.compile(r"\bEPS\b|\bED\.?\s*PHYSIQUE|\bEDUCATION\s+PHYSIQUE")


def folded(text: str) -> str:
    """Upper case without accents, to compare STSWeb labels ("EDUCATION PHYSIQUE") with typed ones."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def teaches_eps(disciplines: str) -> bool:
    return bool(EPS_PATTERN.search(folded(disciplines)))


def eps_suggestion_for(establishment) -> Suggestion:
    """The EPS suggestion from the establishment's active EPS teachers; their hours are not known here."""
    disciplines = (
        StaffMember.objects.active()
        .filter(establishment=establishment, category=StaffMember.Category.TEACHER)
        .values_list("disciplines", flat=True)
    )
    count = sum(1 for text in disciplines if teaches_eps(text))
    suggestion = eps_coordination_suggestion(count)
    if count >= 3:
        suggestion = Suggestion(
            units=suggestion.units,
            rate_code=suggestion.rate_code,
            explanation=f"Compté d'après les disciplines des personnels en poste. {suggestion.explanation}",
            teacher_count=count,
        )
    return suggestion
