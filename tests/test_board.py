"""The répartition before the CA: avis, frozen versions, vote, decision, lock, questions, receipts, pack, PDF."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from missions.models import (
    BoardVote,
    Event,
    PlanVersion,
    ReadReceipt,
    RepartitionCycle,
    SchoolYear,
    StaffMember,
)
from missions.services import board, board_questions
from missions.services.allocations import (
    AllocationRefused,
    allocate,
    record_service_done,
    remove_allocation,
    update_allocation,
)
from missions.services.board_snapshot import build_snapshot, snapshot_sha256
from missions.services.envelopes import add_dotation, envelope_for
from tests.factories import MissionFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db
State = RepartitionCycle.State
TODAY = timezone.localdate


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(10)


@pytest.fixture
def teachers(establishment):
    return [
        StaffMemberFactory(establishment=establishment, usage_name="Lefèvre", first_name="Anne", sex="F"),
        StaffMemberFactory(
            establishment=establishment, usage_name="Martin", first_name="Paul", sex="M", civility="M."
        ),
    ]


@pytest.fixture
def missions(establishment):
    return [
        MissionFactory(establishment=establishment, title="Référent numérique", category="art6"),
        MissionFactory(establishment=establishment, title="Coordination EPS", category="art7"),
    ]


@pytest.fixture
def allocations(envelope, teachers, missions, personas):
    give = lambda person, mission, count: allocate(  # noqa: E731
        envelope=envelope,
        staff_member=person,
        mission=mission,
        actor=personas.head,
        rate=rate("003"),
        count=count,
    )
    return [give(teachers[0], missions[0], 2), give(teachers[1], missions[1], 1)]


@pytest.fixture
def cycle(establishment, school_year, allocations, personas):
    cycle = board.cycle_for(establishment, school_year)
    board.record_council_avis(cycle, given_on=TODAY(), text="Avis favorable unanime.", actor=personas.head)
    return cycle


def present(cycle, personas, days=7):
    return board.present(cycle, meeting_date=TODAY() + timedelta(days=days), actor=personas.head)


def vote(version, personas, **overrides):
    values = {
        "voted_on": TODAY(),
        "members_present": 20,
        "votes_for": 15,
        "votes_against": 3,
        "abstentions": 2,
        "result": BoardVote.Result.FAVOURABLE,
        "act_reference": "Acte n° 2026-14",
        **overrides,
    }
    return board.record_vote(version, actor=personas.head, **values)


# --- lifecycle -----------------------------------------------------------------------------------------
def test_the_whole_lifecycle_is_recorded_on_the_event_log(cycle, personas):
    version = present(cycle, personas)
    vote(version, personas)
    board.confirm(cycle, actor=personas.head)
    cycle.refresh_from_db()
    assert cycle.state == State.CONFIRMED and cycle.confirmed_version == version
    actions = list(
        Event.objects.filter(establishment=cycle.establishment, action__startswith="board.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["board.council_avis", "board.presented", "board.vote", "board.confirmed"]
    dates = board.board_dates(cycle.establishment, cycle.school_year)
    assert dates.council_avis_on == TODAY() and dates.board_vote_on == TODAY()


def test_a_letter_prints_the_dates_of_the_avis_and_of_the_vote(cycle, personas, school_year):
    from missions.letters.content import build_content
    from tests.factories import make_letter

    letter = make_letter(StaffMember.objects.get(user=personas.staff), school_year=school_year)
    assert build_content(letter)["board"]["ca_vote_date"] is None
    vote(present(cycle, personas), personas)
    content = build_content(letter)["board"]
    assert content["council_opinion_date"] == content["ca_vote_date"] == TODAY().isoformat()


def test_board_dates_are_none_when_unknown(establishment, school_year):
    assert board.board_dates(establishment, school_year) == board.BoardDates(None, None)


def test_presenting_needs_the_conseil_pedagogique_avis_first(
    establishment, school_year, allocations, personas
):
    cycle = board.cycle_for(establishment, school_year)
    with pytest.raises(board.BoardRefused, match="conseil pédagogique"):
        present(cycle, personas)
    assert not PlanVersion.objects.exists()


def test_a_meeting_in_the_past_is_refused(cycle, personas):
    with pytest.raises(board.BoardRefused, match="passée"):
        present(cycle, personas, days=-1)


def test_presenting_twice_the_same_repartition_for_the_same_meeting_is_refused(cycle, personas):
    present(cycle, personas)
    with pytest.raises(board.BoardRefused, match="Rien n'a changé"):
        present(cycle, personas)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"votes_for": 19}, "plus de voix"),
        ({"result": BoardVote.Result.UNFAVOURABLE}, "ne correspond pas"),
        ({"act_reference": " "}, "référence de l'acte"),
        ({"voted_on": date.today() + timedelta(days=3)}, "futur"),
    ],
)
def test_a_vote_that_does_not_add_up_is_refused(cycle, personas, overrides, message):
    version = present(cycle, personas)
    with pytest.raises(board.BoardRefused, match=message):
        vote(version, personas, **overrides)
    assert not BoardVote.objects.exists()


def test_an_unfavourable_avis_can_still_be_confirmed_since_it_is_consultative(cycle, personas):
    version = present(cycle, personas)
    vote(version, personas, votes_for=5, votes_against=12, abstentions=1, result="unfavourable")
    assert board.confirm(cycle, actor=personas.head).state == State.CONFIRMED


# --- frozen versions -------------------------------------------------------------------------------------
def test_the_snapshot_is_deterministic_and_hashed(envelope, allocations):
    first = build_snapshot(envelope, person_display="names")
    second = build_snapshot(envelope, person_display="names")
    assert snapshot_sha256(first) == snapshot_sha256(second)
    assert first["summary"]["allocated_amount"] == "3750.00"  # amounts are strings, two decimals
    assert first["summary"]["remaining_units"] == "7.00"
    assert first["summary"]["by_sex"] == {
        "F": {"people": 1, "amount": "2500.00"},
        "M": {"people": 1, "amount": "1250.00"},
    }


def test_a_presented_version_keeps_what_the_ca_saw_after_the_allocations_change(cycle, personas, allocations):
    version = present(cycle, personas)
    update_allocation(allocations[0], actor=personas.head, count=3)
    version.refresh_from_db()
    assert board.verify(version)
    assert version.snapshot["summary"]["allocated_amount"] == "3750.00"
    assert board.changed_since_presented(cycle)
    second = present(cycle, personas)
    assert second.number == 2 and second.sha256 != version.sha256
    assert second.snapshot["summary"]["allocated_amount"] == "5000.00"


def sql_refused(statement, params):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_database_refuses_to_change_or_delete_a_version(cycle, personas):
    version = present(cycle, personas)
    sql_refused("UPDATE missions_planversion SET sha256 = %s WHERE id = %s", ["0" * 64, version.pk])
    sql_refused("UPDATE missions_planversion SET snapshot = %s WHERE id = %s", ["{}", version.pk])
    sql_refused("DELETE FROM missions_planversion WHERE id = %s", [version.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(meeting_date=date(2027, 1, 1))
    version.refresh_from_db()
    assert board.verify(version) and version.meeting_date == TODAY() + timedelta(days=7)


def test_the_database_refuses_to_change_a_recorded_vote(cycle, personas):
    recorded = vote(present(cycle, personas), personas)
    sql_refused("UPDATE missions_boardvote SET votes_for = 0 WHERE id = %s", [recorded.pk])
    sql_refused("DELETE FROM missions_boardvote WHERE id = %s", [recorded.pk])


# --- the lock ----------------------------------------------------------------------------------------------
def test_a_confirmed_repartition_locks_the_allocations_until_revised(
    cycle, personas, allocations, teachers, missions
):
    vote(present(cycle, personas), personas)
    board.confirm(cycle, actor=personas.head)
    envelope = allocations[0].envelope
    with pytest.raises(AllocationRefused, match="arrêtée après le vote"):
        update_allocation(allocations[0], actor=personas.head, count=3)
    with pytest.raises(AllocationRefused, match="arrêtée après le vote"):
        remove_allocation(allocations[1], actor=personas.head)
    with pytest.raises(AllocationRefused, match="arrêtée après le vote"):
        allocate(
            envelope=envelope, staff_member=teachers[1], mission=missions[0], actor=personas.head,
            rate=rate("003"), count=1,
        )  # fmt: skip
    board.revise(cycle, actor=personas.head)
    update_allocation(allocations[0], actor=personas.head, count=3)
    board.record_council_avis(cycle, given_on=TODAY(), text="Nouvel avis", actor=personas.head)
    assert present(cycle, personas, days=14).number == 2


def test_service_fait_is_still_recorded_on_a_locked_repartition(cycle, personas, envelope, teachers):
    trip = MissionFactory(establishment=envelope.establishment, title="Voyage", periodicity="one_off")
    one_off = allocate(
        envelope=envelope, staff_member=teachers[0], mission=trip, actor=personas.head, rate=rate("003"),
        count=1, start_date=date(2026, 9, 20), end_date=date(2026, 9, 25),
    )  # fmt: skip
    vote(present(cycle, personas), personas)
    board.confirm(cycle, actor=personas.head)
    assert record_service_done(one_off, actor=personas.head, done_on=date(2026, 9, 25)).service_done_on


def test_confirming_needs_a_vote(cycle, personas):
    present(cycle, personas)
    with pytest.raises(board.BoardRefused, match="voté"):
        board.confirm(cycle, actor=personas.head)


# --- convocation, questions, receipts ------------------------------------------------------------------------
def test_presenting_emails_the_members_in_term_a_link(
    cycle, personas, former_board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = present(cycle, personas)
    recipients = [message.to for message in mail.outbox]
    assert recipients == [[personas.board.email]]  # not the member whose term ended
    assert reverse("board_version", args=[cycle.establishment.uai, version.pk]) in mail.outbox[0].body


def test_questions_go_on_the_latest_version_before_the_vote_from_members_in_term(
    cycle, personas, former_board
):
    version = present(cycle, personas)
    question = board_questions.ask_question(
        version, user=personas.board, text="Pourquoi deux IMP pour le numérique ?"
    )
    with pytest.raises(board.BoardRefused):
        board_questions.ask_question(version, user=former_board, text="Et moi ?")
    board_questions.answer_question(question, text="Deux sites à équiper.", actor=personas.head)
    event = Event.objects.get(action="board.question")
    assert "numérique" not in str(event.changes) + str(event.data) + event.object_label
    vote(version, personas)
    with pytest.raises(board.BoardRefused):
        board_questions.ask_question(version, user=personas.board, text="Encore une ?")


def test_the_pack_records_when_a_member_first_opens_a_version(cycle, personas, client_for):
    version = present(cycle, personas)
    url = reverse("board_version", args=[cycle.establishment.uai, version.pk])
    client = client_for(personas.board)
    assert client.get(url).status_code == 200
    first = ReadReceipt.objects.get(version=version, user=personas.board).first_opened_at
    client.get(url)
    assert ReadReceipt.objects.get(version=version, user=personas.board).first_opened_at == first
    client.force_login(personas.head)
    page = client.get(reverse("board_manage", args=[cycle.establishment.uai])).content.decode()
    assert "ouverte le" in page


def test_a_member_asks_and_the_head_answers_through_the_pages(cycle, personas, client_for):
    version = present(cycle, personas)
    uai = cycle.establishment.uai
    client = client_for(personas.board)
    response = client.post(
        reverse("board_question", args=[uai, version.pk]), {"text": "Quel bilan du tutorat ?"}
    )
    assert response.status_code == 302
    question = version.questions.get()
    client.force_login(personas.head)
    client.post(reverse("board_answer", args=[uai, question.pk]), {"text": "Voir l'annexe."})
    client.force_login(personas.board)
    page = client.get(reverse("board_version", args=[uai, version.pk])).content.decode()
    assert "Quel bilan du tutorat ?" in page and "Voir l&#x27;annexe." in page
    # a member's words stay on the CA pages: not on the head's allocation screen nor the event log
    client.force_login(personas.head)
    assert "tutorat" not in client.get(reverse("allocation_list", args=[uai])).content.decode()


def test_the_head_records_each_step_through_the_pages(
    establishment, school_year, allocations, personas, client_for
):
    client, uai = client_for(personas.head), establishment.uai
    today = TODAY().isoformat()
    client.post(reverse("board_avis", args=[uai]), {"avis-given_on": today, "avis-text": "Favorable."})
    meeting = (TODAY() + timedelta(days=5)).isoformat()
    client.post(reverse("board_present", args=[uai]), {"presenter-meeting_date": meeting})
    form = {
        "vote-voted_on": today, "vote-members_present": 18, "vote-votes_for": 12, "vote-votes_against": 4,
        "vote-abstentions": 2, "vote-result": "favourable", "vote-act_reference": "Acte 2026-3",
    }  # fmt: skip
    client.post(reverse("board_vote", args=[uai]), form)
    client.post(reverse("board_decide", args=[uai]), {"decision": "confirm"})
    cycle = RepartitionCycle.objects.get(establishment=establishment)
    assert cycle.state == State.CONFIRMED and cycle.confirmed_version.vote.act_reference == "Acte 2026-3"


def test_a_bad_vote_form_answers_in_french_and_saves_nothing(cycle, personas, client_for):
    present(cycle, personas)
    client = client_for(personas.head)
    response = client.post(
        reverse("board_vote", args=[cycle.establishment.uai]), {"vote-members_present": "abc"}
    )
    assert response.status_code == 400 and "nombre entier" in response.content.decode()
    assert not BoardVote.objects.exists()


# --- the pack ---------------------------------------------------------------------------------------------
def test_the_pack_shows_initials_or_names_as_the_head_chose(cycle, personas, client_for, allocations):
    version = present(cycle, personas)
    url = reverse("board_version", args=[cycle.establishment.uai, version.pk])
    page = client_for(personas.board).get(url).content.decode()
    assert "A. L." in page and "LEFÈVRE" not in page
    # the setting applies to the next version: the one presented stays as the CA saw it
    board.set_person_display(cycle.establishment, "names", actor=personas.head)
    assert "LEFÈVRE" not in client_for(personas.board).get(url).content.decode()
    update_allocation(allocations[0], actor=personas.head, count=3)
    second = present(cycle, personas)
    url = reverse("board_version", args=[cycle.establishment.uai, second.pk])
    assert "LEFÈVRE Anne" in client_for(personas.board).get(url).content.decode()


def test_the_pack_compares_with_last_year_and_gives_its_bilan(
    establishment, school_year, cycle, personas, teachers, missions
):
    last_year = SchoolYear.for_start_year(2025)
    old = envelope_for(establishment, last_year)
    add_dotation(old, kind="initial", units=Decimal(8), granted_on=date(2025, 6, 20), reference="DHG 2025")
    allocate(
        envelope=old,
        staff_member=teachers[0],
        mission=missions[0],
        actor=personas.head,
        rate=rate("003"),
        count=1,
    )
    trip = MissionFactory(establishment=establishment, title="Sortie", periodicity="one_off")
    allocate(
        envelope=old, staff_member=teachers[1], mission=trip, actor=personas.head, rate=rate("002"), count=1,
        start_date=date(2026, 3, 1), end_date=date(2026, 3, 2),
    )  # fmt: skip
    version = present(cycle, personas)
    last = version.snapshot["last_year"]
    assert last["bilan"]["allocated"] == "1875.00" and last["bilan"]["paid"] == "1250.00"
    assert last["bilan"]["service_awaiting"] == 1
    page = client_for_head_page(personas, version)
    assert "Modification" in page and "Ajout" in page and "Retrait" in page


def client_for_head_page(personas, version):
    from django.test import Client

    client = Client()
    client.force_login(personas.head)
    return client.get(
        reverse("board_version", args=[version.cycle.establishment.uai, version.pk])
    ).content.decode()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_pack_pdf_names_its_version_hash_and_pages(cycle, personas, client_for):
    version = present(cycle, personas)
    question = board_questions.ask_question(version, user=personas.board, text="Combien de référents ?")
    board_questions.answer_question(question, text="Deux.", actor=personas.head)
    response = client_for(personas.board).get(
        reverse("board_version_pdf", args=[cycle.establishment.uai, version.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(response.content)
    assert "version 1" in text and version.sha256 in text.replace("\n", "")
    assert "Référent numérique" in text and "A. L." in text and "2 500,00 €" in text
    assert "Combien de référents ?" in text and "Annexe" in text
    assert f"Page 1 / {pages}" in text
    assert "Collège Victor-Hugo — IMP 2026-2027 — version 1" in text  # the running page header


def test_export_repartition_writes_the_pack_pdf(cycle, personas, tmp_path):
    version = present(cycle, personas)
    output = tmp_path / "ca.pdf"
    call_command(
        "export_repartition",
        "--uai",
        "0750654D",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    text, _ = pdf_text(output.read_bytes())
    assert version.sha256 in text.replace("\n", "") and "Répartition des indemnités" in text


def test_the_pack_spreadsheets_are_real_files(cycle, personas, client_for):
    from openpyxl import load_workbook

    version = present(cycle, personas)
    url = reverse("board_version_export", args=[cycle.establishment.uai, version.pk])
    response = client_for(personas.board).get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:3] == ["Coordination EPS", "Autre mission (art. 7)", "P. M."]
    assert client_for(personas.board).get(url, {"format": "ods"}).content[:2] == b"PK"
    assert client_for(personas.board).get(url, {"format": "doc"}).status_code == 400


# --- CA members and their term ----------------------------------------------------------------------------
def test_after_their_term_a_member_reads_what_they_voted_on_and_nothing_new(
    establishment, school_year, personas, former_board, client_for
):
    from tests.board_objects import presented_versions

    old, new = presented_versions(establishment, school_year, personas.head, days_ago=(60, 0))
    client = client_for(former_board)
    page = client.get(reverse("board_pack", args=[establishment.uai])).content.decode()
    assert (
        "Version 1 présentée" in page
        and reverse("board_version", args=[establishment.uai, new.pk]) not in page
    )
    assert client.get(reverse("board_version", args=[establishment.uai, new.pk])).status_code == 404
    assert client.get(reverse("board_version", args=[establishment.uai, old.pk])).status_code == 200


def test_the_head_invites_a_board_member_with_the_dates_of_their_term(
    head_client, establishment, school_year
):
    from missions.models import RoleGrant

    response = head_client.post(
        reverse("role_create", args=[establishment.uai]),
        {
            "action": "board",
            "ca-last_name": "Durand",
            "ca-first_name": "Léa",
            "ca-email": "lea.durand@example.org",
            "ca-quality": "Représentant des parents d'élèves",
            "ca-term_start": "2026-10-12",
            "ca-term_end": "2027-07-04",
        },
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user__email="lea.durand@example.org")
    assert (grant.term_start, grant.term_end) == (date(2026, 10, 12), date(2027, 7, 4))
    from missions.models import OutgoingEmail

    assert OutgoingEmail.objects.filter(to__icontains="lea.durand@example.org").exists()  # the invitation


def test_a_term_ending_before_it_starts_is_refused(head_client, establishment):
    response = head_client.post(
        reverse("role_create", args=[establishment.uai]),
        {
            "action": "board",
            "ca-last_name": "Durand",
            "ca-first_name": "Léa",
            "ca-email": "lea.durand@example.org",
            "ca-quality": "Représentant des parents d'élèves",
            "ca-term_start": "2027-01-10",
            "ca-term_end": "2026-10-12",
        },
    )
    assert "La fin du mandat précède son début." in response.content.decode()


def test_a_refused_step_says_why_in_french_on_the_page(establishment, allocations, personas, client_for):
    meeting = (TODAY() + timedelta(days=5)).isoformat()
    response = client_for(personas.head).post(
        reverse("board_present", args=[establishment.uai]), {"presenter-meeting_date": meeting}
    )
    assert response.status_code == 400
    assert "Recueillez d&#x27;abord l&#x27;avis du conseil pédagogique" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_export_repartition_prints_a_draft_before_anything_is_presented(
    establishment, school_year, allocations, tmp_path
):
    output = tmp_path / "projet.pdf"
    call_command(
        "export_repartition",
        "--uai",
        "0750654D",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    text = " ".join(pdf_text(output.read_bytes())[0].split())
    assert "Projet" in text and "pas encore présentée au conseil" in text and "Référent numérique" in text
    assert (
        not PlanVersion.objects.exists() and not RepartitionCycle.objects.exists()
    )  # printing freezes nothing


def test_export_repartition_prints_the_adopted_version_once_confirmed(cycle, personas, allocations, tmp_path):
    first = present(cycle, personas)
    update_allocation(allocations[0], actor=personas.head, count=3)
    second = present(cycle, personas)
    vote(second, personas)
    board.confirm(cycle, actor=personas.head)
    output = tmp_path / "ca.pdf"
    call_command(
        "export_repartition",
        "--uai",
        "0750654D",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    text, _ = pdf_text(output.read_bytes())
    flat = text.replace("\n", "")
    assert second.sha256 in flat and first.sha256 not in flat and "version 2" in text
