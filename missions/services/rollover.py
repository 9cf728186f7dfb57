"""Start next year's répartition from this year's, and confirm its drafts.

The répartition is prepared between February and June for the next rentrée (presented to the conseil
pédagogique, then to the CA): starting from the current one saves the head from typing it all again. The copies
are drafts (`is_draft=True`): they do not draw on the new envelope until confirmed one by one through the
allocation service, which checks the cap then — next year's envelope is often not notified yet.
"""

from dataclasses import dataclass, field

from django.db import transaction

from missions.models import Allocation, Envelope, Mission, Periodicity, SchoolYear
from missions.services.allocation_rules import AllocationRefused
from missions.services.allocations import allocate, confirm_draft
from missions.services.catalogue import rate_allowed, rate_not_allowed_message
from missions.services.envelopes import envelope_for


class RolloverRefused(AllocationRefused):
    """The roll-over cannot run (nothing to copy, or next year already started); nothing was written."""


@dataclass
class RolloverReport:
    created: list = field(default_factory=list)  # the draft allocations created
    skipped: list = field(default_factory=list)  # (staff member, mission, reason in French)


@dataclass
class RolloverPlan:
    to_copy: list = field(default_factory=list)  # this year's allocations that will be copied as drafts
    skipped: list = field(default_factory=list)  # (staff member, mission, reason in French)


def plan_roll_over(establishment, from_year, to_year) -> RolloverPlan:
    """What `roll_over` will copy and skip, read-only (the preview shown before the head confirms).

    Raises RolloverRefused when the roll-over cannot run at all (nothing to copy, next year already started).
    """
    if to_year.start_year <= from_year.start_year:
        raise RolloverRefused("La reprise se fait vers une année scolaire suivante.", code="rollover_years")
    sources = list(
        Allocation.objects.filter(envelope__establishment=establishment, envelope__school_year=from_year)
        .select_related("staff_member", "mission", "rate")
        .prefetch_related("mission__allowed_rates")
        .order_by("mission__title", "staff_member__sort_key", "pk")
    )
    if not sources:
        raise RolloverRefused(
            f"Il n'y a aucune attribution en {from_year.label} à reprendre.", code="rollover_nothing"
        )
    # By start year: the preview may ask about a next year that does not exist yet.
    existing = Allocation.objects.filter(
        envelope__establishment=establishment, envelope__school_year__start_year=to_year.start_year
    ).count()
    if existing:
        raise RolloverRefused(
            f"La répartition {to_year.label} compte déjà {existing} attribution(s) : la reprise de "
            f"{from_year.label} ne se fait qu'une fois, sur une répartition vide.",
            code="rollover_done",
        )
    available = set(Mission.objects.for_establishment(establishment).values_list("pk", flat=True))
    plan = RolloverPlan()
    for allocation in sources:
        reason = _skip_reason(allocation, available)
        if reason is None:
            plan.to_copy.append(allocation)
        else:
            plan.skipped.append((allocation.staff_member, allocation.mission, reason))
    return plan


@transaction.atomic
def roll_over_to_next_year(establishment, from_year, *, actor):
    """`roll_over` into the year after `from_year` (created with the usual dates if need be)."""
    to_year = SchoolYear.for_start_year(from_year.start_year + 1)
    return to_year, roll_over(establishment, from_year, to_year, actor=actor)


def roll_over(establishment, from_year, to_year, *, actor) -> RolloverReport:
    """Copy `from_year`'s allocations into `to_year`'s envelope as drafts, for the people still in post.

    Skipped (and reported): people no longer in post, missions archived since, one-off missions (a trip is
    not repeated by default: add it again if it is), rates no longer allowed, and this year's own unconfirmed
    drafts. Runs once: refused when `to_year` already has allocations, so running it twice copies nothing twice.
    """
    with transaction.atomic():
        target = envelope_for(establishment, to_year)
        # Lock the target envelope first so two heads clicking at once cannot both copy.
        Envelope.objects.select_for_update(of=("self",)).get(pk=target.pk)
        plan = plan_roll_over(establishment, from_year, to_year)
        report = RolloverReport(skipped=list(plan.skipped))
        for source_allocation in plan.to_copy:
            try:
                report.created.append(_copy(source_allocation, target, actor))
            except AllocationRefused as refusal:
                report.skipped.append(
                    (source_allocation.staff_member, source_allocation.mission, refusal.message)
                )
        return report


def _skip_reason(allocation, available_mission_ids):
    if allocation.is_draft:
        return "brouillon jamais validé"
    if not allocation.staff_member.active:
        return "n'est plus en poste"
    if allocation.mission_id not in available_mission_ids:
        return "mission archivée"
    if allocation.periodicity == Periodicity.ONE_OFF:
        return "mission ponctuelle : non reconduite d'une année sur l'autre"
    if allocation.rate is not None and not rate_allowed(allocation.mission, allocation.rate):
        return rate_not_allowed_message(allocation.mission, allocation.rate)
    return None


def _copy(allocation, target, actor):
    with transaction.atomic():  # a savepoint: a refused copy leaves the others in place
        return allocate(
            envelope=target,
            staff_member=allocation.staff_member,
            mission=allocation.mission,
            actor=actor,
            kind=allocation.kind,
            rate=allocation.rate,
            count=allocation.count,
            discharge_hours=allocation.discharge_hours,
            periodicity=Periodicity.ANNUAL,
            note=allocation.note,
            is_draft=True,
        )


@dataclass
class ConfirmationReport:
    confirmed: list = field(default_factory=list)  # allocations now counted
    refused: list = field(default_factory=list)  # (allocation, reason in French)


def confirm_all_drafts(envelope, *, actor) -> ConfirmationReport:
    """Confirm the envelope's drafts, each through `confirm_draft`: the art. 6 priority missions first (the
    décret makes them the envelope's first call), then the others, each group in the order it was copied.

    Each is checked against the envelope as it stands after the previous ones; those that no longer fit (or
    break a rule: person gone, mission archived) stay drafts and are reported with the reason. A smaller draft
    further down may still fit after a bigger one was refused: each draft is judged on its own.
    """
    report = ConfirmationReport()
    drafts = Allocation.objects.filter(envelope=envelope, is_draft=True).select_related(
        "staff_member", "mission", "rate"
    )
    for draft in drafts.order_by("mission__category", "pk"):  # "art6" sorts before "art7"
        try:
            report.confirmed.append(confirm_draft(draft, actor=actor))
        except AllocationRefused as refusal:
            report.refused.append((draft, refusal.message))
    return report
