"""What a CA member may ask and read about the versions presented to the conseil d'administration, their
questions and the head's answers, and the read receipts (who opened which version)."""

from django.db import transaction
from django.utils import timezone

from missions import clock
from missions.models import BoardQuestion, BoardVote, PlanVersion, ReadReceipt, Role
from missions.services.board import BoardRefused, board_event, latest_version
from missions.services.board_members import board_grants, member_may_read, members_in_term


# --- what a member may ask and read --------------------------------------------------------------------
def member_may_ask(user, version) -> bool:
    """Questions go on the latest presented version, before the vote, from members in term."""
    today = clock.today()
    if not any(
        grant.in_term(today)
        for grant in board_grants(user, version.cycle.establishment_id, version.cycle.school_year_id)
    ):
        return False
    return latest_version(version.cycle) == version and not BoardVote.objects.filter(version=version).exists()


def readable_versions(user, roles, cycle) -> list[PlanVersion]:
    if cycle is None:
        return []
    versions = list(cycle.versions.select_related("vote").order_by("-number"))
    if roles & {Role.HEAD, Role.DEPUTY}:
        return versions
    return [version for version in versions if member_may_read(user, version)]


# --- questions, answers and read receipts --------------------------------------------------------------
def ask_question(version, *, user, text) -> BoardQuestion:
    text = (text or "").strip()
    if not text:
        raise BoardRefused("Écrivez votre question.")
    if len(text) > 3000:
        raise BoardRefused("Votre question dépasse 3 000 caractères : raccourcissez-la.")
    if not member_may_ask(user, version):
        raise BoardRefused("Les questions se posent sur la dernière version présentée, avant le vote.")
    with transaction.atomic():
        question = BoardQuestion.objects.create(version=version, asked_by=user, text=text)
        # the question's text stays on the CA pages: the log says only that there is one
        board_event("board.question", version.cycle, user, question, number=version.number)
        return question


def answer_question(question, *, text, actor) -> BoardQuestion:
    text = (text or "").strip()
    if not text:
        raise BoardRefused("Écrivez la réponse.")
    with transaction.atomic():
        question = BoardQuestion.objects.select_for_update().get(pk=question.pk)
        question.answer, question.answered_by, question.answered_at = text, actor, timezone.now()
        question.save(update_fields=["answer", "answered_by", "answered_at"])
        board_event("board.answer", question.version.cycle, actor, question, number=question.version.number)
        return question


def record_read(version, user) -> None:
    """The first time a CA member opens a version (later visits change nothing)."""
    ReadReceipt.objects.get_or_create(version=version, user=user)


def receipts_by_version(cycle) -> list[dict]:
    """For the head: each version, which members of the term opened it and when; who has not yet."""
    if cycle is None:
        return []
    members = members_in_term(cycle.establishment, cycle.school_year)
    result = []
    for version in cycle.versions.order_by("-number"):
        opened = {r.user_id: r for r in version.receipts.select_related("user")}
        result.append(
            {
                "version": version,
                "opened": list(opened.values()),
                "unread": [grant.user for grant in members if grant.user_id not in opened],
            }
        )
    return result
