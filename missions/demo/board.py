"""Demo of the répartition before the CA: the lycée's was adopted (v1 presented, v2 voted and confirmed, a
question answered, read receipts); the collège's v1 is presented for a meeting next week, so its CA parent can
read the pack and ask a question. Nothing is done twice: an establishment with a CA cycle is left as it is."""

from datetime import timedelta

from missions import clock
from missions.models import Allocation, BoardVote, RepartitionCycle, Role, RoleGrant
from missions.services import board, board_questions
from missions.services.allocations import remove_allocation


def board_parent(establishment, school_year):
    grant = (
        RoleGrant.objects.filter(establishment=establishment, school_year=school_year, role=Role.BOARD)
        .select_related("user")
        .first()
    )
    return grant.user if grant else None


def seed_board(establishment, school_year, *, head) -> RepartitionCycle | None:
    if RepartitionCycle.objects.filter(establishment=establishment, school_year=school_year).exists():
        return None
    if not Allocation.objects.filter(
        envelope__establishment=establishment, envelope__school_year=school_year
    ):
        return None
    today = clock.today()
    parent = board_parent(establishment, school_year)
    cycle = board.cycle_for(establishment, school_year)
    board.record_council_avis(
        cycle,
        given_on=today - timedelta(days=12),
        text="Avis favorable ; le conseil souhaite une mission de référent pour le numérique dans chaque niveau.",
        actor=head,
    )
    if not establishment.is_lycee:
        board.present(cycle, meeting_date=today + timedelta(days=7), actor=head)
        return cycle
    first = board.present(cycle, meeting_date=today, actor=head)
    if parent:
        board_questions.record_read(first, parent)
    # before the meeting, the head withdraws one allocation and presents version 2
    last = Allocation.objects.counted().filter(envelope__establishment=establishment).order_by("-pk").first()
    remove_allocation(last, actor=head)
    second = board.present(cycle, meeting_date=today, actor=head)
    if parent:
        board_questions.record_read(second, parent)
        question = board_questions.ask_question(
            second,
            user=parent,
            text="Pourquoi une attribution a-t-elle été retirée entre les deux versions ?",
        )
        board_questions.answer_question(
            question,
            text="La mission est reprise par le dispositif de l'académie cette année ; l'enveloppe reste à la "
            "disposition de l'établissement.",
            actor=head,
        )
    board.record_vote(
        second,
        voted_on=today,
        members_present=22,
        votes_for=17,
        votes_against=2,
        abstentions=3,
        result=BoardVote.Result.FAVOURABLE,
        act_reference=f"Acte n° {school_year.start_year}-12",
        actor=head,
    )
    board.confirm(cycle, actor=head)
    return cycle
