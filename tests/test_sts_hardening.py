"""STSWeb files declaring an unusable encoding, oversized uploads, abandoned previews."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from missions.models import Role, StaffMember, StsImport
from tests.factories import EstablishmentFactory, make_person
from tests.sts_files import SAMPLE_UAI, sample_bytes

UNUSABLE = ["KLINGON-8", "UTF-7", "rot13", "hex", "zlib_codec"]


def declaring(encoding: str) -> bytes:
    return sample_bytes().replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode(), 1)


@pytest.fixture
def college(school_year):
    return EstablishmentFactory(uai=SAMPLE_UAI, name="Collège Jean Moulin")


@pytest.fixture
def head_of_college(college, client_for):
    head = make_person(
        college, Role.HEAD, email="chef@jean-moulin.example.org", category=StaffMember.Category.DIRECTION
    )
    return client_for(head)


def upload(client, college, content):
    return client.post(
        reverse("sts_import_upload", args=[college.uai]),
        {"file": SimpleUploadedFile("sts_emp_0751234J_2026.xml", content, "text/xml")},
    )


@pytest.mark.parametrize("encoding", UNUSABLE)
def test_the_browser_refuses_an_unusable_encoding_in_french(head_of_college, college, encoding):
    response = upload(head_of_college, college, declaring(encoding))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f"L&#x27;encodage « {encoding} » déclaré dans l&#x27;en-tête du fichier XML n&#x27;est pas utilisable"
        in page
    )
    assert StsImport.objects.count() == 0


@pytest.mark.parametrize("encoding", UNUSABLE)
def test_the_command_refuses_an_unusable_encoding_without_a_traceback(tmp_path, db, encoding):
    path = tmp_path / "sts_emp_0751234J_2026.xml"
    path.write_bytes(declaring(encoding))
    with pytest.raises(CommandError, match=f"L'encodage « {encoding} »"):
        call_command("import_sts", str(path), stdout=StringIO())


def test_an_upload_far_over_the_limit_says_it_is_too_large(head_of_college, college, settings):
    """Past four times the limit the server stops reading: the form got no file and said "obligatoire"."""
    settings.MAX_UPLOAD_SIZE = 1000
    response = upload(head_of_college, college, b" " * 10_000)
    page = response.content.decode()
    assert "Le fichier dépasse 10 Mo" in page
    assert "Ce champ est obligatoire" not in page


def test_previews_never_confirmed_are_purged_after_a_day(college, db):
    old = StsImport.objects.create(establishment=college, filename="vieux.xml", content=b"<x/>")
    StsImport.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(days=1, minutes=1))
    recent = StsImport.objects.create(establishment=college, filename="récent.xml", content=b"<x/>")
    applied = StsImport.objects.create(
        establishment=college, filename="appliqué.xml", content=b"<x/>", applied_at=timezone.now()
    )
    StsImport.objects.filter(pk=applied.pk).update(uploaded_at=timezone.now() - timedelta(days=30))

    out = StringIO()
    call_command("purge_sts_previews", "--dry-run", stdout=out)
    assert "1 aperçu(s)" in out.getvalue()
    assert StsImport.objects.count() == 3

    out = StringIO()
    call_command("purge_sts_previews", stdout=out)
    assert "1 aperçu(s) d'import STSWeb non confirmé(s) supprimé(s)" in out.getvalue()
    assert set(StsImport.objects.values_list("pk", flat=True)) == {recent.pk, applied.pk}
