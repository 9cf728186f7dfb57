"""Lettres de mission: content from the allocations, the workflow's order, the sealed PDF read back, verification."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from missions.events import events_about, verify_chains
from missions.letters import workflow
from missions.letters.content import build_content, is_outdated
from missions.letters.pdf import render_pdf
from missions.letters.verification import verify_pdf
from missions.models import LetterBatch, MissionLetter, StaffMember
from tests.factories import DEMO_PASSWORD, AllocationFactory, EnvelopeFactory, MissionFactory

Status = MissionLetter.Status
META = {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (iPhone) test"}


@pytest.fixture
def teacher(personas, establishment):
    return StaffMember.objects.get(user=personas.staff, establishment=establishment)


@pytest.fixture
def allocations(teacher, establishment, school_year):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    coordination = MissionFactory(
        establishment=establishment,
        title="Coordination de discipline",
        tasks="Animer l'équipe disciplinaire\nPréparer les commandes",
    )
    trip = MissionFactory(establishment=establishment, title="Voyage à Berlin", periodicity="one_off")
    numeric = MissionFactory(establishment=establishment, title="Référent numérique")
    return [
        AllocationFactory(envelope=envelope, staff_member=teacher, mission=coordination, count=2),
        AllocationFactory(
            envelope=envelope,
            staff_member=teacher,
            mission=trip,
            periodicity="one_off",
            start_date=date(2027, 4, 1),
            end_date=date(2027, 4, 9),
        ),
        AllocationFactory(
            envelope=envelope,
            staff_member=teacher,
            mission=numeric,
            kind="discharge",
            rate=None,
            count=None,
            discharge_hours=Decimal("1.5"),
        ),
    ]


@pytest.fixture
def draft(allocations, establishment, school_year, personas):
    workflow.generate_drafts(establishment, school_year, actor=personas.head)
    return MissionLetter.objects.get(staff_member=allocations[0].staff_member)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_content_lists_each_mission_with_its_pay_ninths_and_decharge(draft):
    content = build_content(draft)
    titles = [m["title"] for m in content["missions"]]
    assert titles == ["Coordination de discipline", "Référent numérique", "Voyage à Berlin"]
    coordination, numeric, trip = content["missions"]
    assert coordination["amount"] == "2500.00" and coordination["ninth"] == "277.77"
    assert coordination["last_ninth"] == "277.84"  # 8 × 277,77 + 277,84 = 2 500,00
    assert coordination["tasks"] == ["Animer l'équipe disciplinaire", "Préparer les commandes"]
    assert trip["periodicity"] == "one_off" and trip["start_date"] == "2027-04-01" and "ninth" not in trip
    assert numeric["discharge_hours"] == "1.50" and "amount" not in numeric
    assert content["totals"]["amount"] == "3750.00"
    assert content["board"] == {"council_opinion_date": None, "ca_vote_date": None}


def test_draft_pdf_has_the_text_amounts_and_french_dates(draft):
    text = pdf_text(render_pdf(draft))
    for expected in [
        "Lettre de mission",
        "Coordination de discipline",
        "2 500,00 €",
        "3 750,00 €",
        "8 × 277,77 €",
        "1er avril 2027",
        "décret n° 2015-475 du 27 avril 2015",
        "circulaire n° 2015-058",
        "eIDAS",
        "Page 1 / ",
        "1,5 h",
    ]:
        assert expected in text, expected


def sign_and_countersign(letter, personas):
    workflow.send_letter(letter, actor=personas.head)
    letter.refresh_from_db()
    workflow.sign_letter(letter, user=personas.staff, password=DEMO_PASSWORD, consent=True, meta=META)
    letter.refresh_from_db()
    workflow.countersign_letter(letter, user=personas.head, password=DEMO_PASSWORD, consent=True, meta=META)
    letter.refresh_from_db()
    return letter


def test_full_path_to_a_sealed_verifiable_pdf(draft, personas, django_capture_on_commit_callbacks, tmp_path):
    with django_capture_on_commit_callbacks(execute=True):
        letter = sign_and_countersign(draft, personas)
    letter.refresh_from_db()
    assert letter.status == Status.FINAL and letter.final_pdf and len(letter.final_pdf_sha256) == 64
    assert len(mail.outbox) == 1 and reverse("letter_detail", args=[letter.establishment.uai, letter.pk]) in (
        mail.outbox[0].body
    )
    signed = events_about(letter).get(action="letter.signed")
    assert signed.data["ip"] == "203.0.113.7" and signed.data["sha256"] == letter.content_sha256
    assert signed.data["method"] == workflow.PASSWORD_METHOD and "iPhone" in signed.data["user_agent"]
    assert not verify_chains()

    data = letter.final_pdf.read()
    text = pdf_text(data)
    assert "Page de preuve" in text and letter.verification_code in text and "203.0.113.7" in text
    assert letter.content_sha256 in text.replace("\n", "")
    verdict = verify_pdf(data)
    assert verdict.authentic and verdict.letter == letter

    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 0x01
    assert not verify_pdf(bytes(tampered)).authentic
    assert not verify_pdf(data[:-1] + b" ").authentic

    good, bad = tmp_path / "bonne.pdf", tmp_path / "modifiee.pdf"
    good.write_bytes(data)
    bad.write_bytes(bytes(tampered))
    call_command("verify_letter", str(good))
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_letter", str(bad))
    assert exit_code.value.code == 1


def test_an_unsealed_pdf_is_not_authentic(draft):
    verdict = verify_pdf(render_pdf(draft))
    assert not verdict.authentic and "aucun sceau" in verdict.reason


def test_order_is_enforced(draft, personas, establishment):
    with pytest.raises(ValidationError):  # a draft cannot be signed
        workflow.sign_letter(draft, user=personas.staff, password=DEMO_PASSWORD, consent=True)
    workflow.send_letter(draft, actor=personas.head)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="d'abord être signée"):
        workflow.countersign_letter(draft, user=personas.head, password=DEMO_PASSWORD, consent=True)
    with pytest.raises(ValidationError, match="Seule la personne"):
        workflow.sign_letter(draft, user=personas.head, password=DEMO_PASSWORD, consent=True)
    with pytest.raises(ValidationError, match="Mot de passe incorrect"):
        workflow.sign_letter(draft, user=personas.staff, password="faux", consent=True)
    with pytest.raises(ValidationError, match="Cochez"):
        workflow.sign_letter(draft, user=personas.staff, password=DEMO_PASSWORD, consent=False)
    draft.refresh_from_db()
    assert draft.status == Status.SENT and draft.signed_at is None
    with pytest.raises(ValidationError, match="brouillon"):
        workflow.send_letter(draft, actor=personas.head)
    with pytest.raises(ValidationError, match="ne change plus"):
        workflow.update_free_text(draft, "Autre texte", actor=personas.head)


def test_a_change_of_allocation_makes_the_letter_outdated_and_an_amendment_replaces_it(
    draft, allocations, personas
):
    workflow.send_letter(draft, actor=personas.head)
    draft.refresh_from_db()
    frozen = dict(draft.content)
    assert not is_outdated(draft)
    allocations[0].count = 3
    allocations[0].save()
    assert is_outdated(draft)
    with pytest.raises(ValidationError, match="avenant"):
        workflow.sign_letter(draft, user=personas.staff, password=DEMO_PASSWORD, consent=True)
    amendment = workflow.create_amendment(draft, actor=personas.head)
    assert amendment.version == 2 and amendment.status == Status.DRAFT
    assert build_content(amendment)["missions"][0]["amount"] == "3750.00"
    draft.refresh_from_db()
    assert draft.content == frozen and draft.status == Status.SENT  # the old version never changes
    with pytest.raises(ValidationError):
        workflow.create_amendment(draft, actor=personas.head)  # only the latest version is amended


def test_decline_withdraw_and_reasons(draft, personas):
    workflow.send_letter(draft, actor=personas.head)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="motif"):
        workflow.decline_letter(draft, user=personas.staff, reason="  ")
    workflow.decline_letter(draft, user=personas.staff, reason="Je ne peux pas ce jour-là.", meta=META)
    draft.refresh_from_db()
    assert draft.status == Status.DECLINED and workflow.can_amend(draft)
    amendment = workflow.create_amendment(draft, actor=personas.head)
    workflow.send_letter(amendment, actor=personas.head)
    amendment.refresh_from_db()
    with pytest.raises(ValidationError, match="motif"):
        workflow.withdraw_letter(amendment, actor=personas.head, reason="")
    workflow.withdraw_letter(amendment, actor=personas.head, reason="Erreur de mission")
    amendment.refresh_from_db()
    assert amendment.status == Status.WITHDRAWN


def test_signing_through_the_pages(draft, personas, client, establishment):
    workflow.send_letter(draft, actor=personas.head)
    client.force_login(personas.staff)
    url = reverse("letter_sign", args=[establishment.uai, draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and "eIDAS" in page.content.decode()
    wrong = client.post(url, {"password": "faux", "consent": "on"}, HTTP_USER_AGENT="Téléphone")
    assert "Mot de passe incorrect" in wrong.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.SENT
    client.post(url, {"password": DEMO_PASSWORD, "consent": "on"}, HTTP_USER_AGENT="Téléphone")
    draft.refresh_from_db()
    assert draft.status == Status.SIGNED
    assert events_about(draft).get(action="letter.signed").data["user_agent"] == "Téléphone"
    # signing again: the page says the letter no longer waits for a signature
    again = client.get(url, follow=True)
    assert "attend pas votre signature" in again.content.decode()
    mine = client.get(reverse("my_letters"))
    assert "Signée, à contresigner" in mine.content.decode()


def test_the_head_cannot_countersign_before_the_signature_page(draft, personas, client, establishment):
    workflow.send_letter(draft, actor=personas.head)
    client.force_login(personas.head)
    url = reverse("letter_countersign", args=[establishment.uai, draft.pk])
    response = client.post(url, {"password": DEMO_PASSWORD, "consent": "on"}, follow=True)
    assert "abord être signée" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.SENT


def test_send_all_runs_as_a_batch_with_progress(draft, personas, client, establishment, school_year):
    client.force_login(personas.head)
    with_capture = client.post(reverse("letter_send_all", args=[establishment.uai]), {"annee": 2026})
    batch = LetterBatch.objects.get()
    assert with_capture.status_code == 302
    # the test settings run tasks at once, after the commit
    batch.refresh_from_db()
    page = client.get(reverse("letter_batch", args=[establishment.uai, batch.pk]))
    assert page.status_code == 200


def test_send_all_task_counts(
    draft, personas, establishment, school_year, django_capture_on_commit_callbacks
):
    from missions.letters.tasks import start_batch

    with django_capture_on_commit_callbacks(execute=True):
        batch = start_batch(
            LetterBatch.Kind.SEND, establishment, school_year, [draft.pk], actor=personas.head
        )
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (LetterBatch.Status.DONE, 1, 1)
    draft.refresh_from_db()
    assert draft.status == Status.SENT


def test_public_verification_page(draft, personas, client, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        letter = sign_and_countersign(draft, personas)
    letter.refresh_from_db()
    data = letter.final_pdf.read()
    url = reverse("public_verification")

    def check(code, content):
        upload = io.BytesIO(content)
        upload.name = "lettre.pdf"
        return client.post(url, {"code": code, "document": upload})

    ok = check(letter.verification_code.lower().replace("-", ""), data).content.decode()
    assert "Authentique et intact" in ok and "Contresignée" in ok
    assert letter.staff_member.usage_name not in ok  # nothing beyond what the file says
    wrong = check("AAAA-BBBB-CCCC-DDDD", data).content.decode()
    assert "Non authentifié" in wrong
    settings.LETTER_VERIFY_MAX = 2
    assert check(letter.verification_code, data).status_code == 429


def test_reminders_after_n_days(draft, personas, django_capture_on_commit_callbacks):
    workflow.send_letter(draft, actor=personas.head)

    def remind():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_letter_reminders")

    remind()
    assert not mail.outbox
    MissionLetter.objects.filter(pk=draft.pk).update(sent_at=timezone.now() - timedelta(days=8))
    remind()
    assert len(mail.outbox) == 1 and "Rappel" in mail.outbox[0].subject
    remind()
    assert len(mail.outbox) == 1  # once per period


def test_certificate_command(tmp_path, settings):
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = tmp_path / "k.pem", tmp_path / "c.pem"
    call_command("create_signing_certificate")
    assert settings.SIGNING_CERT_FILE.read_bytes().startswith(b"-----BEGIN CERTIFICATE")
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_signing_certificate")
    call_command("create_signing_certificate", if_missing=True)


def test_head_pages_template_free_text_overview_and_zip(
    draft, personas, client, establishment, django_capture_on_commit_callbacks
):
    client.force_login(personas.head)
    client.post(
        reverse("letter_template", args=[establishment.uai]),
        {
            "header": "1, rue de l'École",
            "head_signature": "La principale",
            "paying_service_address": "Rectorat",
        },
    )
    client.post(
        reverse("letter_free_text", args=[establishment.uai, draft.pk]), {"free_text": "Objectif : 80 %"}
    )
    detail = client.get(reverse("letter_detail", args=[establishment.uai, draft.pk])).content.decode()
    assert "Objectif : 80 %" in detail and "1, rue de l" in detail and "3 750,00 €" in detail
    overview = client.get(reverse("letter_overview", args=[establishment.uai]), {"statut": "draft"})
    assert draft.staff_member.full_name in overview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        letter = sign_and_countersign(draft, personas)
    assert "Objectif : 80 %" in letter.content["free_text"]
    archive = client.get(reverse("letter_zip", args=[establishment.uai]))
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 1 and names[0].endswith("-v1.pdf")
    # a sent letter's text can no longer change
    client.post(reverse("letter_free_text", args=[establishment.uai, draft.pk]), {"free_text": "Autre"})
    letter.refresh_from_db()
    assert letter.free_text == "Objectif : 80 %"
