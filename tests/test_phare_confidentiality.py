"""Confidentiality matrix: every case URL x every role and relation to the case.

Relations: head, deputy, coordinator (read everything); resource-team member assigned / not assigned; the
staff member who reported it; a staff member who did not; a CA member; the head of another establishment.
"""

import pytest
from django.urls import reverse

from harcelement import urls as phare_urls
from harcelement.models import CaseEntry, CaseRead
from harcelement.services.cases import add_entry
from missions.models import StaffMember
from tests.phare_data import TARGET, reported_case
from tests.test_phare_eml import EML

CASE_URLS = [
    "phare_case_detail",
    "phare_case_update",
    "phare_entry_add",
    "phare_eml_import",
    "phare_pupil_add",
    "phare_case_pdf",
    "phare_case_summary",
    "phare_report_detail",
    "phare_attachment",  # takes the attachment's id
]
READ = {
    "phare_case_detail",
    "phare_case_pdf",
    "phare_case_summary",
    "phare_attachment",
    "phare_report_detail",
}
# entry_add, eml_import, pupil_add answer GET with a redirect to the case page
OK = {200, 302}

# relation -> URL -> expected status of a GET
FULL = dict.fromkeys(CASE_URLS, OK)
EXPECTED = {
    "head": FULL,
    "deputy": FULL,
    "coordinator": FULL,
    "assigned_team": {**FULL, "phare_case_update": {403}},
    "unassigned_team": {**dict.fromkeys(CASE_URLS, {404}), "phare_case_update": {403}},
    "reporter": {**dict.fromkeys(CASE_URLS, {403}), "phare_report_detail": OK},
    "other_staff": {**dict.fromkeys(CASE_URLS, {403}), "phare_report_detail": {404}},
    "board": dict.fromkeys(CASE_URLS, {403}),
    "other_establishment": dict.fromkeys(CASE_URLS, {404}),
}


# pHARe URLs with an id that are about the team and the prevention plan, not about a case (no pupil data)
NOT_CASE_URLS = {
    "phare_coordinator_withdraw",
    "phare_member_remove",
    "phare_training_update",
    "phare_training_delete",
    "phare_prevention_action_update",
    "phare_prevention_action_delete",
    "phare_partner_update",
    "phare_partner_delete",
}


def test_the_matrix_covers_every_case_url():
    with_pk = {p.name for p in phare_urls.urlpatterns if "<int:pk>" in str(p.pattern)}
    assert with_pk - NOT_CASE_URLS == set(CASE_URLS)


@pytest.fixture
def setting(establishment, personas):
    from harcelement.services.eml import import_eml
    from tests.factories import make_person

    case = reported_case(establishment, personas.staff)
    attachment = import_eml(case, EML, author=personas.coordinator).attachments.get()
    assigned = make_person(establishment, "resource_team", email="assigne@example.org")
    case.assigned.add(StaffMember.objects.get(user=assigned))
    users = {
        "head": personas.head,
        "deputy": personas.deputy,
        "coordinator": personas.coordinator,
        "assigned_team": assigned,
        "unassigned_team": personas.resource_team,
        "reporter": personas.staff,
        "other_staff": personas.bursar,
        "board": personas.board,
        "other_establishment": personas.outsider,
    }
    return case, attachment, users


def url_for(name, establishment, case, attachment):
    pk = attachment.pk if name == "phare_attachment" else case.pk
    return reverse(name, kwargs={"uai": establishment.uai, "pk": pk})


@pytest.mark.parametrize("relation", list(EXPECTED))
def test_case_urls_for(relation, setting, establishment, client):
    case, attachment, users = setting
    client.force_login(users[relation])
    failures = []
    for name in CASE_URLS:
        response = client.get(url_for(name, establishment, case, attachment))
        if response.status_code not in EXPECTED[relation][name]:
            failures.append(f"{name}: {response.status_code}")
        if response.status_code == 404 or response.status_code == 403:
            assert TARGET.encode() not in response.content
    assert not failures, f"{relation}: {failures}"
    # only the case's readers leave a trace in the read log; every read of theirs does
    reads = CaseRead.objects.filter(user=users[relation]).count()
    if EXPECTED[relation]["phare_case_detail"] == OK:
        assert reads == len(READ)
    elif relation == "reporter":
        assert reads == 1  # their report
    else:
        assert reads == 0


@pytest.mark.parametrize("relation", ["unassigned_team", "reporter", "other_staff", "other_establishment"])
def test_no_write_from_those_who_may_not_read(relation, setting, establishment, client):
    case, attachment, users = setting
    client.force_login(users[relation])
    before = CaseEntry.objects.count()
    response = client.post(
        url_for("phare_entry_add", establishment, case, attachment),
        {"kind": "suivi", "occurred_at": "2026-11-25T10:00", "text": "intrusion"},
    )
    assert response.status_code in {403, 404}
    assert CaseEntry.objects.count() == before


def test_the_case_list_shows_a_team_member_only_their_cases(setting, establishment, client, personas):
    case, _, users = setting
    other = reported_case(establishment, personas.staff)
    client.force_login(users["assigned_team"])
    page = client.get(reverse("phare_case_list", args=[establishment.uai])).content.decode()
    assert case.number in page and other.number not in page


def test_the_head_reads_the_read_log(setting, establishment, client):
    case, _, users = setting
    client.force_login(users["coordinator"])
    client.get(reverse("phare_case_detail", args=[establishment.uai, case.pk]))
    client.force_login(users["head"])
    page = client.get(reverse("phare_read_log", args=[establishment.uai])).content.decode()
    assert case.number in page and users["coordinator"].get_full_name() in page
    client.force_login(users["coordinator"])
    assert client.get(reverse("phare_read_log", args=[establishment.uai])).status_code == 403


def test_the_assigned_member_records_an_interview(setting, establishment, client):
    case, attachment, users = setting
    client.force_login(users["assigned_team"])
    response = client.post(
        url_for("phare_entry_add", establishment, case, attachment),
        {"kind": "entretien_cible", "occurred_at": "2026-11-25T10:00", "text": "Entretien mené."},
    )
    assert response.status_code == 302
    assert case.entries.filter(kind="entretien_cible", author=users["assigned_team"]).exists()


def test_pupil_data_stays_out_of_the_admin(admin_client):
    from django.contrib import admin

    registered = {model._meta.app_label for model in admin.site._registry}
    assert "harcelement" not in registered
    assert add_entry  # the journal is written only through the service
