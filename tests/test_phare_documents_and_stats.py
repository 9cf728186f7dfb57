"""The case file PDF, the initials-only summary, the statistics (SVG, CSV) and the protocol assistant."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from harcelement.models import Case, EntryKind
from harcelement.services.cases import add_entry, update_case
from harcelement.services.protocol import next_steps, overdue_steps
from harcelement.services.stats import statistics
from tests.phare_data import AUTHOR, TARGET, WITNESS, reported_case


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.fixture
def case(establishment, personas):
    case = reported_case(establishment, personas.staff)
    update_case(case, actor=personas.coordinator, forms=["verbal", "cyber"], severity=2)
    add_entry(
        case,
        author=personas.coordinator,
        kind=EntryKind.TARGET_INTERVIEW,
        occurred_at=timezone.now(),
        text="L'élève décrit des moqueries quotidiennes.",
    )
    return case


def test_the_case_file_pdf_holds_the_journal(case, establishment, personas, client_for):
    client = client_for(personas.coordinator)
    response = client.get(reverse("phare_case_pdf", args=[establishment.uai, case.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert TARGET not in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert f"Situation de harcèlement {case.number}" in text
    assert TARGET in text and "moqueries quotidiennes" in text


def test_the_summary_for_faits_etablissement_has_initials_only(case, establishment, personas, client_for):
    client = client_for(personas.head)
    response = client.get(reverse("phare_case_summary", args=[establishment.uai, case.pk]))
    text = pdf_text(response.content)
    assert "L. F." in text and "M. G." in text and "N. M." in text
    for name in (TARGET, AUTHOR, WITNESS, "Framboisier", "quotidiennes"):
        assert name not in text
    assert "Entretien avec l'élève cible" in text


def test_statistics_count_without_names(case, establishment, school_year, personas, client_for):
    stats = statistics(establishment, school_year)
    assert stats["total"] == 1
    assert ("5e", 1) in stats["by_level"]
    assert dict(stats["by_form"]) == {"Verbal (moqueries, insultes)": 1, "Cyberharcèlement": 1}
    assert stats["first_interview_count"] == 1
    client = client_for(personas.board)  # CA members see the statistics, never a case
    page = client.get(reverse("phare_stats", args=[establishment.uai])).content.decode()
    assert "<svg" in page and "Situations par mois" in page and TARGET not in page
    csv = client.get(reverse("phare_stats_csv", args=[establishment.uai])).content.decode("utf-8-sig")
    assert "forme;Cyberharcèlement;1" in csv and "Framboisier" not in csv


def test_the_protocol_assistant_lists_next_steps_and_overdue_ones(case, establishment):
    kinds = [step.kind for step in next_steps(case)]
    assert EntryKind.TARGET_INTERVIEW not in kinds  # done
    assert EntryKind.WITNESS_INTERVIEW in kinds and EntryKind.AUTHOR_INTERVIEW in kinds
    assert not overdue_steps(Case.objects.filter(pk=case.pk))
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=20))
    overdue = overdue_steps(Case.objects.filter(pk=case.pk))
    assert {step.kind for step in overdue} >= {EntryKind.PROTECTION, EntryKind.FOLLOW_UP}


def test_a_closed_case_has_no_next_step(case, personas):
    add_entry(case, author=personas.coordinator, kind=EntryKind.CLOSURE, occurred_at=timezone.now())
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_at
    assert next_steps(case) == []


def test_reporting_alerts_the_head_and_coordinators_without_names(
    establishment, personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(personas.staff)
    url = reverse("phare_report", args=[establishment.uai])
    data = {
        "what": f"{TARGET} est isolée.",
        "occurred_on": "2026-11-30",
        "pupil0_name": TARGET,
        "pupil0_class": "6e A",
        "pupil0_role": "cible",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert {tuple(message.to) for message in mailoutbox} == {
        (personas.head.email,),
        (personas.coordinator.email,),
    }
    for message in mailoutbox:
        assert TARGET not in message.subject + message.body and "2026-001" in message.subject
    # bad input: a French message, nothing saved
    response = client.post(url, {**data, "occurred_on": "2099-01-01"})
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert Case.objects.count() == 1
