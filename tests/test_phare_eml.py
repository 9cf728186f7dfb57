"""Importing an e-mail (.eml) into a case's journal, with its attachments, accents and all."""

import pytest
from django.core.exceptions import ValidationError

from harcelement.models import EntryKind
from harcelement.services.eml import import_eml, parse_eml
from tests.phare_data import reported_case

# A real multipart message as a mail client saves it: RFC 2047 quoted-printable subject, quoted-printable
# UTF-8 body, a base64 PDF attachment whose name is RFC 2231-encoded.
EML = b"""From: =?utf-8?q?H=C3=A9l=C3=A8ne_Parent?= <parent@example.org>
To: ce.0750654D@ac-paris.fr
Subject: =?utf-8?q?Re=3A_Harc=C3=A8lement_de_ma_fille_=C3=A0_la_cantine?=
Date: Mon, 23 Nov 2026 08:15:00 +0100
Message-ID: <abc123@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Bonjour Madame la Principale,

Ma fille a encore =C3=A9t=C3=A9 bouscul=C3=A9e hier apr=C3=A8s la r=C3=A9cr=C3=A9ation.
Vous trouverez ci-joint la capture des messages re=C3=A7us.

Cordialement
--BOUNDARY
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''capture%20%C3%A9cran.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCg==
--BOUNDARY--
"""


def test_parsing_decodes_subject_body_and_attachment():
    parsed = parse_eml(EML)
    assert parsed["subject"] == "Re: Harcèlement de ma fille à la cantine"
    assert parsed["from"] == "Hélène Parent <parent@example.org>"
    assert "bousculée hier après la récréation" in parsed["body"]
    assert "reçus" in parsed["body"]
    [(filename, content_type, content)] = parsed["attachments"]
    assert filename == "capture écran.pdf" and content_type == "application/pdf"
    assert content.startswith(b"%PDF-1.4")
    assert parsed["date"].isoformat() == "2026-11-23T08:15:00+01:00"


def test_import_adds_an_entry_with_its_attachment(establishment, personas):
    case = reported_case(establishment, personas.staff)
    entry = import_eml(case, EML, author=personas.coordinator)
    assert entry.kind == EntryKind.EMAIL
    assert "Objet : Re: Harcèlement de ma fille à la cantine" in entry.body.text
    [attachment] = entry.attachments.all()
    assert attachment.filename == "capture écran.pdf" and bytes(attachment.content).startswith(b"%PDF")


def test_import_through_the_case_page_and_download(establishment, personas, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = reported_case(establishment, personas.staff)
    client = client_for(personas.coordinator)
    base = f"/etablissements/{establishment.uai}/phare/situations/{case.pk}/"
    upload = SimpleUploadedFile("message.eml", EML, content_type="message/rfc822")
    assert client.post(base + "courriel/", {"eml": upload}).status_code == 302
    page = client.get(base).content.decode()
    assert "Harcèlement de ma fille à la cantine" in page and "capture écran.pdf" in page
    attachment = case.entries.get(kind=EntryKind.EMAIL).attachments.get()
    response = client.get(f"/etablissements/{establishment.uai}/phare/pieces-jointes/{attachment.pk}/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "capture" not in response["Content-Disposition"]  # a file name may carry a pupil's name


def test_a_file_that_is_not_an_email_is_refused(establishment, personas):
    case = reported_case(establishment, personas.staff)
    with pytest.raises(ValidationError):
        import_eml(case, b"\x00\x01 not an e-mail", author=personas.coordinator)
    assert case.entries.count() == 1


@pytest.mark.parametrize("size", [2_000, 10_000], ids=["over the limit", "far over it (reading stops)"])
def test_an_email_over_the_upload_limit_is_refused_with_the_reason(
    establishment, personas, client_for, settings, size
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_SIZE = 1000
    case = reported_case(establishment, personas.staff)
    client = client_for(personas.coordinator)
    base = f"/etablissements/{establishment.uai}/phare/situations/{case.pk}/"
    upload = SimpleUploadedFile("message.eml", EML + b" " * size, content_type="message/rfc822")

    page = client.post(base + "courriel/", {"eml": upload}, follow=True).content.decode()

    assert "Le courriel dépasse 10 Mo" in page
    assert case.entries.count() == 1  # nothing added
