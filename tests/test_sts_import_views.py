"""The STSWeb import in the browser: upload → preview → confirm."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.models import Role, StaffMember, StsImport
from missions.sts import apply_import, parse_sts_file, plan_import
from tests.factories import EstablishmentFactory, make_person
from tests.sts_files import BAD_FILES, SAMPLE_PEOPLE, SAMPLE_UAI, bad_file, export, individual, sample_bytes


@pytest.fixture
def college(school_year):
    return EstablishmentFactory(uai=SAMPLE_UAI, name="Collège Jean Moulin")


@pytest.fixture
def head(college):
    return make_person(
        college, Role.HEAD, email="principal@jean-moulin.example.org", category=StaffMember.Category.DIRECTION
    )


def upload_url(establishment):
    return reverse("sts_import_upload", args=[establishment.uai])


def preview_url(sts_import):
    return reverse("sts_import_preview", args=[sts_import.establishment.uai, sts_import.pk])


def upload(client, establishment, content, name="sts_emp_0751234J_2026.xml"):
    return client.post(upload_url(establishment), {"file": SimpleUploadedFile(name, content, "text/xml")})


def imported_staff(establishment):
    return establishment.staff.exclude(sts_id="").count()


def test_the_upload_page_explains_where_the_file_comes_from(client_for, head, college):
    response = client_for(head).get(upload_url(college))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mise à jour › Exports › Emplois du temps" in page
    assert "sts_emp_0751234J_&lt;année&gt;.xml" in page
    assert 'name="file"' in page and "Fichier STSWeb (sts_emp_….xml)" in page
    assert "Prévisualiser l&#x27;import" in page or "Prévisualiser l'import" in page


def test_upload_preview_confirm_end_to_end(client_for, head, college):
    client = client_for(head)
    # GIVEN the head uploads the establishment's export
    response = upload(client, college, sample_bytes())
    sts_import = StsImport.objects.get()
    assert response.status_code == 302 and response.url == preview_url(sts_import)
    assert (sts_import.uploaded_by, sts_import.filename) == (head, "sts_emp_0751234J_2026.xml")
    # WHEN they read the preview, nothing is written yet
    page = client.get(preview_url(sts_import)).content.decode()
    assert imported_staff(college) == 0
    for title in ("À créer (39)", "À mettre à jour (0)", "À désactiver (0)", "Inchangés (0)", "Confirmer l"):
        assert title in page
    assert "GUÉRIN" in page and "Agnès" in page
    # THEN confirming applies it and says what was done
    response = client.post(preview_url(sts_import))
    assert response.status_code == 302 and response.url == reverse("staff_list", args=[college.uai])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Import terminé : 39 créés, 0 mis à jour, 0 désactivés, 0 inchangés"
    ]
    assert imported_staff(college) == SAMPLE_PEOPLE
    sts_import.refresh_from_db()
    assert sts_import.applied_at is not None and sts_import.report["created"] == SAMPLE_PEOPLE


def test_an_applied_import_shows_its_report_and_no_button(client_for, head, college):
    client = client_for(head)
    upload(client, college, sample_bytes())
    sts_import = StsImport.objects.get()
    client.post(preview_url(sts_import))
    page = client.get(preview_url(sts_import)).content.decode()
    assert "Import appliqué le" in page and "39 créés, 0 mis à jour, 0 désactivés, 0 inchangés" in page
    assert "Confirmer l" not in page
    listing = client.get(upload_url(college)).content.decode()
    assert "sts_emp_0751234J_2026.xml" in listing and "39 créés" in listing


def test_confirming_twice_applies_once(client_for, head, college):
    client = client_for(head)
    upload(client, college, sample_bytes())
    sts_import = StsImport.objects.get()
    client.post(preview_url(sts_import))
    applied_at = StsImport.objects.get().applied_at
    response = client.post(preview_url(sts_import))
    assert response.status_code == 302 and response.url == preview_url(sts_import)
    assert imported_staff(college) == SAMPLE_PEOPLE
    assert StsImport.objects.get().applied_at == applied_at


def test_the_preview_lists_updates_deactivations_and_kept_hand_made_records(client_for, head, college):
    apply_import(
        plan_import(
            college,
            parse_sts_file(
                export(
                    individual("1", "MARTIN", "CLAIRE", "1980-01-01"),
                    individual("2", "PETIT", "LOUIS", "1975-05-05"),
                )
            ),
        )
    )
    client = client_for(head)
    upload(client, college, export(individual("1", "MARTIN", "CLAIRE", "1980-01-01", grade="AGREGE CLN")))
    page = client.get(preview_url(StsImport.objects.get())).content.decode()
    assert "Grade : CERT. CL N → AGREGE CLN" in page
    assert "À désactiver (1)" in page and "PETIT Louis" in page
    assert "Fiches saisies à la main (sans identifiant STSWeb) absentes du fichier : 1." in page


def test_a_file_of_another_establishment_is_refused_naming_both(client_for, personas, establishment):
    response = upload(client_for(personas.head), establishment, sample_bytes())
    page = response.content.decode()
    assert response.status_code == 200
    assert "0751234J" in page and "0750654D" in page
    assert StsImport.objects.count() == 0


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_its_message_and_nothing_is_stored(client_for, head, college, name):
    content, expected = bad_file(name)
    response = upload(client_for(head), college, content, name=f"{name}.xml")
    assert response.status_code == 200
    assert expected.replace("'", "&#x27;") in response.content.decode()
    assert StsImport.objects.count() == 0
    assert imported_staff(college) == 0


def test_a_file_over_ten_megabytes_is_refused(client_for, head, college):
    response = upload(client_for(head), college, b" " * (10 * 1024 * 1024 + 1))
    assert "10 Mo" in response.content.decode()
    assert StsImport.objects.count() == 0


def test_an_import_of_another_establishment_answers_404(client_for, personas, head, college):
    client = client_for(head)
    upload(client, college, sample_bytes())
    sts_import = StsImport.objects.get()
    outsider_url = reverse(
        "sts_import_preview", args=[personas.head.staff_records.get().establishment.uai, sts_import.pk]
    )
    client = client_for(personas.head)
    assert client.get(outsider_url).status_code == 404
    assert client.post(outsider_url).status_code == 404
    assert imported_staff(college) == 0


def test_a_teacher_cannot_import(client_for, personas, establishment):
    assert client_for(personas.staff).get(upload_url(establishment)).status_code == 403


def test_an_unreadable_stored_file_shows_an_error_instead_of_a_plan(client_for, personas, establishment):
    sts_import = StsImport.objects.create(establishment=establishment, filename="vide.xml", content=b"")
    page = client_for(personas.head).get(preview_url(sts_import)).content.decode()
    assert "Ce fichier ne peut pas être importé" in page and "Confirmer l" not in page


def preview_queries(client, college, size):
    people = [individual(str(n), f"NOM{n}", "CLAIRE", "1980-01-01") for n in range(size)]
    apply_import(plan_import(college, parse_sts_file(export(*people))))
    changed = [
        individual(str(n), f"NOM{n}", "CLAIRE", "1980-01-01", grade="AGREGE CLN") for n in range(size // 2)
    ]
    changed += [individual(f"new{n}", f"NOUVEAU{n}", "LOUIS", "1990-01-01") for n in range(size // 3)]
    upload(client, college, export(*changed))
    url = preview_url(StsImport.objects.latest("pk"))
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    StsImport.objects.all().delete()
    StaffMember.objects.filter(establishment=college).exclude(sts_id="").delete()
    return len(queries)


def test_the_preview_needs_as_many_queries_for_150_people_as_for_30(client_for, head, college):
    client = client_for(head)
    assert preview_queries(client, college, 150) == preview_queries(client, college, 30)
