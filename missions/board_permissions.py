"""Who may do what with the répartition before the CA (loaded by MissionsConfig.ready).

The CA pack is read-only for the head, the deputy and the CA members; only the head acts (avis, presenting,
answers, vote, decision). A CA member reads the versions of their term (missions.services.board_members).
"""

from missions.permissions import BOARD, DEPUTY, DIRECTION, HEAD, object_rule, register_capabilities
from missions.services import board_members, board_questions

register_capabilities(
    {
        # the CA pack: versions, PDF and exports, questions and answers
        "view_board_pack": DIRECTION | {BOARD},
        # conseil pédagogique avis, presenting a version, answers, vote, confirm or revise, display setting
        "manage_board": {HEAD},
        # a CA member's question before the meeting
        "ask_board_question": {BOARD},
    }
)


@object_rule("read_plan_version")
def can_read_plan_version(user, roles, version) -> bool:
    """Direction reads every version; a CA member those presented before their term ended."""
    if roles & {HEAD, DEPUTY}:
        return True
    return BOARD in roles and board_members.member_may_read(user, version)


@object_rule("ask_question_on")
def can_ask_question_on(user, roles, version) -> bool:
    """A CA member in term, on the latest version, before the vote."""
    return BOARD in roles and board_questions.member_may_ask(user, version)
