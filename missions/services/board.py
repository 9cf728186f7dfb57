"""The répartition before the conseil d'administration (décret n° 2015-475, art. 3): after the avis of the
conseil pédagogique, the head presents it to the CA, which gives its (consultative) avis by a vote; the head
then confirms it, or revises it and presents it again.

    draft → council_avis → presented (version n frozen) → voted → confirmed      (revise: back to draft)

Presenting freezes a `PlanVersion` (append-only table) with its SHA-256; the CA pack only ever shows frozen
versions. Once confirmed, the year's allocations are locked (`ensure_repartition_open`, called by the
allocation service) until the head revises. Every step is an event of the establishment's log (`board_event`).
The CA members and their convocation are in `board_members`; their questions and read receipts in
`board_questions`.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missions import clock
from missions.events import record_event, register_actions
from missions.models import (
    BoardSettings,
    BoardVote,
    CouncilAvis,
    Envelope,
    PlanVersion,
    RepartitionCycle,
)
from missions.services.allocation_rules import AllocationRefused
from missions.services.board_members import convene
from missions.services.board_snapshot import allocations_fingerprint, build_snapshot, snapshot_sha256

State = RepartitionCycle.State

register_actions(
    {
        "board.council_avis": "Avis du conseil pédagogique",
        "board.presented": "Répartition présentée au CA",
        "board.vote": "Vote du CA",
        "board.confirmed": "Répartition arrêtée",
        "board.revised": "Répartition rouverte pour révision",
        "board.question": "Question d'un membre du CA",
        "board.answer": "Réponse à une question du CA",
        "board.display": "Affichage des personnes dans le dossier du CA",
    }
)


class BoardRefused(ValidationError):
    """A step refused; the French message says why. Nothing was saved."""


# --- reading -------------------------------------------------------------------------------------------
def existing_cycle(establishment, school_year) -> RepartitionCycle | None:
    return RepartitionCycle.objects.filter(establishment=establishment, school_year=school_year).first()


def cycle_for(establishment, school_year) -> RepartitionCycle:
    cycle, _ = RepartitionCycle.objects.get_or_create(establishment=establishment, school_year=school_year)
    return cycle


def latest_version(cycle) -> PlanVersion | None:
    return cycle.versions.order_by("-number").first() if cycle and cycle.pk else None


def latest_avis(cycle) -> CouncilAvis | None:
    return cycle.council_avis.first() if cycle and cycle.pk else None


def draft_version(establishment, school_year) -> PlanVersion:
    """The répartition as it stands, as the next version would freeze it: an unsaved PlanVersion, for printing
    a draft pack before anything is presented."""
    cycle = existing_cycle(establishment, school_year) or RepartitionCycle(
        establishment=establishment, school_year=school_year
    )
    snapshot = current_snapshot(cycle)
    latest = latest_version(cycle)
    return PlanVersion(
        cycle=cycle,
        number=(latest.number + 1) if latest else 1,
        snapshot=snapshot,
        sha256=snapshot_sha256(snapshot),
    )


def person_display(establishment) -> str:
    found = BoardSettings.objects.filter(establishment=establishment).first()
    return found.person_display if found else BoardSettings.PersonDisplay.INITIALS


def verify(version: PlanVersion) -> bool:
    """Whether the snapshot still gives the hash it was presented with."""
    return snapshot_sha256(version.snapshot) == version.sha256


def current_snapshot(cycle) -> dict:
    envelope = Envelope.objects.filter(
        establishment=cycle.establishment, school_year=cycle.school_year
    ).first()
    if envelope is None:
        raise BoardRefused(f"Aucune enveloppe IMP pour {cycle.school_year} : il n'y a rien à présenter.")
    return build_snapshot(
        envelope,
        person_display=person_display(cycle.establishment),
        last_year_adopted=adopted_version(cycle.establishment, cycle.school_year.start_year - 1),
    )


def changed_since_presented(cycle) -> bool:
    """Whether the allocations differ from the latest presented version (a new version is then needed)."""
    version = latest_version(cycle)
    if version is None:
        return False
    try:
        now = current_snapshot(cycle)
    except BoardRefused:
        return False
    return allocations_fingerprint(now) != allocations_fingerprint(version.snapshot)


def adopted_version(establishment, start_year) -> PlanVersion | None:
    """The version the head confirmed after the CA's vote, that year."""
    cycle = (
        RepartitionCycle.objects.filter(establishment=establishment, school_year__start_year=start_year)
        .select_related("confirmed_version")
        .first()
    )
    return cycle.confirmed_version if cycle else None


@dataclass(frozen=True)
class BoardDates:
    council_avis_on: date | None
    board_vote_on: date | None


def board_dates(establishment, school_year) -> BoardDates:
    """The dates the lettres de mission print: the conseil pédagogique's avis and the CA's vote (None when
    unknown). The vote is that of the confirmed version, else the latest one recorded."""
    cycle = existing_cycle(establishment, school_year)
    if cycle is None:
        return BoardDates(None, None)
    avis = latest_avis(cycle)
    vote = None
    if cycle.confirmed_version_id:
        vote = BoardVote.objects.filter(version_id=cycle.confirmed_version_id).first()
    vote = vote or BoardVote.objects.filter(version__cycle=cycle).order_by("-version__number").first()
    return BoardDates(avis.given_on if avis else None, vote.voted_on if vote else None)


# --- the lock on allocations ---------------------------------------------------------------------------
def ensure_repartition_open(envelope) -> None:
    """Refuse any change to the allocations of a répartition the head confirmed after the CA's vote."""
    locked = RepartitionCycle.objects.filter(
        establishment_id=envelope.establishment_id,
        school_year_id=envelope.school_year_id,
        state=State.CONFIRMED,
    ).exists()
    if locked:
        raise AllocationRefused(
            "La répartition de cette année a été arrêtée après le vote du conseil d'administration : pour la "
            "modifier, rouvrez-la depuis la page « Conseil d'administration » ; la nouvelle version devra lui "
            "être présentée de nouveau.",
            code="repartition_locked",
        )


# --- the steps -----------------------------------------------------------------------------------------
def _locked_cycle(cycle) -> RepartitionCycle:
    return (
        RepartitionCycle.objects.select_for_update()
        .select_related("establishment", "school_year")
        .get(pk=cycle.pk)
    )


def board_event(action, cycle, actor, obj=None, **changes):
    """Record a step of the répartition in the establishment's log, scoped to the cycle's répartition
    (`repartition:<establishment id>:<start year>`); `obj` defaults to the cycle."""
    record_event(
        action,
        actor=actor,
        establishment=cycle.establishment,
        obj=obj or cycle,
        scope=f"repartition:{cycle.establishment_id}:{cycle.school_year.start_year}",
        changes=changes,
    )


def record_council_avis(cycle, *, given_on, text, actor) -> CouncilAvis:
    text = (text or "").strip()
    if not text:
        raise BoardRefused("Indiquez l'avis du conseil pédagogique.")
    if given_on is None or given_on > clock.today():
        raise BoardRefused("La date du conseil pédagogique ne peut pas être dans le futur.")
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.state not in (State.DRAFT, State.COUNCIL_AVIS):
            raise BoardRefused(
                "La répartition est déjà présentée au conseil d'administration : rouvrez-la pour recueillir un "
                "nouvel avis du conseil pédagogique."
            )
        avis = CouncilAvis.objects.create(cycle=cycle, given_on=given_on, text=text, recorded_by=actor)
        cycle.state = State.COUNCIL_AVIS
        cycle.save(update_fields=["state", "updated_at"])
        board_event("board.council_avis", cycle, actor, avis, given_on=given_on.isoformat())
        return avis


def present(cycle, *, meeting_date, actor, base_url=None) -> PlanVersion:
    """Freeze the répartition as version n+1 for the CA meeting of `meeting_date` and convene the members."""
    if meeting_date is None or meeting_date < clock.today():
        raise BoardRefused("La date de la séance du conseil d'administration ne peut pas être passée.")
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        envelope = (
            Envelope.objects.select_for_update(of=("self",))  # the allocations cannot move while freezing
            .filter(establishment=cycle.establishment, school_year=cycle.school_year)
            .first()
        )
        if envelope is None or not envelope.allocations.counted().exists():
            raise BoardRefused("Aucune attribution cette année : il n'y a rien à présenter au CA.")
        if cycle.state == State.CONFIRMED:
            raise BoardRefused(
                "La répartition est arrêtée : rouvrez-la avant d'en présenter une nouvelle version."
            )
        if latest_avis(cycle) is None:
            raise BoardRefused(
                "Recueillez d'abord l'avis du conseil pédagogique (décret n° 2015-475, art. 3)."
            )
        snapshot = current_snapshot(cycle)
        previous = latest_version(cycle)
        if (
            previous is not None
            and cycle.state == State.PRESENTED
            and allocations_fingerprint(previous.snapshot) == allocations_fingerprint(snapshot)
            and previous.meeting_date == meeting_date
        ):
            raise BoardRefused(
                f"Rien n'a changé depuis la version {previous.number} déjà présentée pour cette séance."
            )
        version = PlanVersion.objects.create(
            cycle=cycle,
            number=(previous.number + 1) if previous else 1,
            snapshot=snapshot,
            sha256=snapshot_sha256(snapshot),
            presented_at=timezone.now(),
            presented_by=actor,
            meeting_date=meeting_date,
        )
        cycle.state = State.PRESENTED
        cycle.save(update_fields=["state", "updated_at"])
        board_event(
            "board.presented",
            cycle,
            actor,
            version,
            number=version.number,
            sha256=version.sha256,
            meeting_date=meeting_date.isoformat(),
        )
        convene(version, base_url=base_url)
        return version


def record_vote(
    version,
    *,
    voted_on,
    members_present,
    votes_for,
    votes_against,
    abstentions,
    result,
    act_reference,
    actor,
) -> BoardVote:
    counts = (members_present, votes_for, votes_against, abstentions)
    if any(value is None or value < 0 for value in counts):
        raise BoardRefused("Indiquez le nombre de membres présents et les voix (des nombres positifs).")
    if votes_for + votes_against + abstentions > members_present:
        raise BoardRefused(
            "Il y a plus de voix (pour, contre, abstentions) que de membres présents ou représentés."
        )
    if result not in BoardVote.Result.values:
        raise BoardRefused("Choisissez le résultat du vote : avis favorable ou défavorable.")
    expected = BoardVote.Result.FAVOURABLE if votes_for > votes_against else BoardVote.Result.UNFAVOURABLE
    if result != expected:
        raise BoardRefused(
            "Le résultat ne correspond pas aux voix : l'avis est favorable quand les voix pour sont plus "
            "nombreuses que les voix contre."
        )
    if not (act_reference or "").strip():
        raise BoardRefused("Indiquez la référence de l'acte du conseil d'administration.")
    if voted_on is None or voted_on > clock.today():
        raise BoardRefused("La date du vote ne peut pas être dans le futur.")
    if voted_on < timezone.localdate(version.presented_at):
        raise BoardRefused("La date du vote précède la présentation de cette version.")
    with transaction.atomic():
        cycle = _locked_cycle(version.cycle)
        if latest_version(cycle) != version or cycle.state != State.PRESENTED:
            raise BoardRefused("Le vote porte sur la dernière version présentée, une seule fois.")
        vote = BoardVote.objects.create(
            version=version,
            voted_on=voted_on,
            members_present=members_present,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            result=result,
            act_reference=act_reference.strip(),
            recorded_by=actor,
        )
        cycle.state = State.VOTED
        cycle.save(update_fields=["state", "updated_at"])
        board_event(
            "board.vote",
            cycle,
            actor,
            version,
            number=version.number,
            result=result,
            votes=[votes_for, votes_against, abstentions],
            members_present=members_present,
            act_reference=vote.act_reference,
        )
        return vote


def confirm(cycle, *, actor) -> RepartitionCycle:
    """The head confirms the répartition the CA voted on (its avis is consultative): allocations are locked."""
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        # the allocation service locks this row too: no allocation changes between the check below and the lock
        Envelope.objects.select_for_update(of=("self",)).filter(
            establishment=cycle.establishment, school_year=cycle.school_year
        ).first()
        version = latest_version(cycle)
        if cycle.state != State.VOTED or version is None:
            raise BoardRefused("Le conseil d'administration doit d'abord avoir voté sur la dernière version.")
        if changed_since_presented(cycle):
            raise BoardRefused(
                "Les attributions ont changé depuis la version présentée : présentez une nouvelle version."
            )
        cycle.state, cycle.confirmed_version, cycle.confirmed_at = State.CONFIRMED, version, timezone.now()
        cycle.save(update_fields=["state", "confirmed_version", "confirmed_at", "updated_at"])
        board_event("board.confirmed", cycle, actor, version, number=version.number, sha256=version.sha256)
        return cycle


def revise(cycle, *, actor) -> RepartitionCycle:
    """Reopen the répartition after the vote: allocations can change again, a new version will be presented."""
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.state not in (State.VOTED, State.CONFIRMED):
            raise BoardRefused("Seule une répartition sur laquelle le CA a voté peut être révisée.")
        before = cycle.state
        cycle.state, cycle.confirmed_version, cycle.confirmed_at = State.DRAFT, None, None
        cycle.save(update_fields=["state", "confirmed_version", "confirmed_at", "updated_at"])
        board_event("board.revised", cycle, actor, state=[before, cycle.state])
        return cycle


def set_person_display(establishment, value, *, actor) -> None:
    if value not in BoardSettings.PersonDisplay.values:
        raise BoardRefused("Choisissez : noms et prénoms, ou initiales.")
    settings_row, _ = BoardSettings.objects.get_or_create(establishment=establishment)
    if settings_row.person_display != value:
        before = settings_row.person_display
        settings_row.person_display = value
        settings_row.save(update_fields=["person_display"])
        record_event(
            "board.display",
            actor=actor,
            establishment=establishment,
            obj=settings_row,
            changes={"person_display": [before, value]},
        )
