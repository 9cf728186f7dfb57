"""Finding and telling people apart: accent- and case-free search and sorting (SQLite and PostgreSQL alike),
homonyms in pickers and lists, the searchable person picker (without JavaScript too), each person's total,
staff outside the décret's scope."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from missions.models import Mission, StaffMember
from missions.models.staff import search_text
from missions.services.allocations import allocate
from missions.services.staff import search_staff
from tests.factories import StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


def options(page: str, name="staff_member") -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [html.unescape(text).strip() for text in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


@pytest.fixture
def lemaitre(establishment):
    return StaffMemberFactory(establishment=establishment, usage_name="LEMAÎTRE", first_name="Béatrice")


@pytest.fixture
def homonyms(establishment):
    first = StaffMemberFactory(
        establishment=establishment,
        usage_name="LAMBERT",
        first_name="Françoise",
        disciplines="Mathématiques",
        birth_date=date(1978, 3, 2),
        sts_id="12345",
    )
    second = StaffMemberFactory(
        establishment=establishment,
        usage_name="Lambert",
        first_name="Françoise",
        disciplines="Histoire-géographie",
        birth_date=date(1985, 11, 20),
        sts_id="67890",
    )
    return first, second


def test_the_search_text_has_no_accent_nor_case():
    assert search_text("LEMAÎTRE Béatrice") == "lemaitre beatrice"
    assert search_text("  Cœur   d'ÉLAN ") == "coeur d'elan"


def test_lemaitre_finds_lemaitre_with_its_accent_in_the_staff_list(head_client, establishment, lemaitre):
    StaffMemberFactory(establishment=establishment, usage_name="MARTIN", first_name="Paul")

    found = list(search_staff(establishment, query="lemaitre"))
    page = head_client.get(url("staff_list", establishment) + "?q=BEATRICE").content.decode()

    assert found == [lemaitre]
    assert "LEMAÎTRE Béatrice" in page and "MARTIN Paul" not in page


def test_remy_sorts_before_roy_whatever_the_accent(establishment):
    for name in ("ROY", "RÉMY", "Rousseau", "rambert"):
        StaffMemberFactory(establishment=establishment, usage_name=name, first_name="Jean")

    names = [s.usage_name for s in search_staff(establishment) if s.first_name == "Jean"]

    assert names == ["rambert", "RÉMY", "Rousseau", "ROY"]


def test_the_allocation_screen_filter_ignores_accents(head_client, establishment, lemaitre, granted_envelope):
    envelope = granted_envelope(10)
    other = StaffMemberFactory(establishment=establishment, usage_name="MARTIN", first_name="Paul")
    mission = Mission.objects.get(code="coordination-discipline", establishment=None)
    for person in (lemaitre, other):
        allocate(
            envelope=envelope, staff_member=person, mission=mission, actor=None, rate=rate("003"), count=1
        )

    page = head_client.get(url("allocation_list", establishment) + "?personne=lemaitre").content.decode()

    rows = {a.staff_member.usage_name: f'id="allocation-{a.pk}"' for a in envelope.allocations.all()}
    assert rows["LEMAÎTRE"] in page and rows["MARTIN"] not in page


def test_editing_a_person_refreshes_their_search_key(establishment, lemaitre):
    lemaitre.usage_name = "Éluard"
    lemaitre.save(update_fields=["usage_name"])

    assert StaffMember.objects.get(pk=lemaitre.pk).search_key.startswith("eluard")
    assert list(search_staff(establishment, query="ELUARD")) == [lemaitre]


def test_homonyms_are_told_apart_in_the_allocation_picker(head_client, establishment, homonyms):
    StaffMemberFactory(
        establishment=establishment, usage_name="Petit", first_name="Marc", disciplines="Anglais"
    )

    page = head_client.get(url("allocation_create", establishment) + "?annee=2026").content.decode()
    labels = options(page)

    lamberts = [label for label in labels if label.startswith("LAMBERT Françoise")]
    assert len(lamberts) == 2 and lamberts[0] != lamberts[1]
    assert any("Mathématiques, née en 1978" in label for label in lamberts)
    assert any("Histoire-géographie, née en 1985" in label for label in lamberts)
    petit = next(label for label in labels if label.startswith("PETIT Marc"))
    assert petit == "PETIT Marc — Anglais"  # no birth year when the name is not shared


def test_homonyms_are_told_apart_in_the_role_picker(head_client, establishment, homonyms):
    page = head_client.get(url("role_create", establishment)).content.decode()

    lamberts = [label for label in options(page, "personnel-staff_member") if label.startswith("LAMBERT")]
    assert len(set(lamberts)) == 2


def test_the_picker_filters_by_name_or_discipline_without_javascript(head_client, establishment, homonyms):
    StaffMemberFactory(
        establishment=establishment, usage_name="Petit", first_name="Marc", disciplines="Anglais"
    )
    create = url("allocation_create", establishment)

    by_discipline = options(head_client.get(f"{create}?annee=2026&chercher=HISTOIRE geo").content.decode())
    by_name = options(head_client.get(f"{create}?annee=2026&chercher=petit").content.decode())

    assert [label for label in by_discipline if label.startswith(("LAMBERT", "PETIT"))] == [
        "LAMBERT Françoise — Histoire-géographie, née en 1985"
    ]
    assert [label for label in by_name if not label.startswith("—")] == ["PETIT Marc — Anglais"]


def test_the_picker_shows_each_persons_current_total(head_client, establishment, homonyms, granted_envelope):
    envelope = granted_envelope(10)
    mission = Mission.objects.get(code="coordination-discipline", establishment=None)
    allocate(
        envelope=envelope, staff_member=homonyms[0], mission=mission, actor=None, rate=rate("003"), count=2
    )

    labels = options(
        head_client.get(url("allocation_create", establishment) + "?annee=2026").content.decode()
    )

    assert "LAMBERT Françoise — Mathématiques, née en 1978 — 2 500,00 € cette année" in labels


def test_staff_outside_the_decret_are_offered_only_on_request_and_flagged(
    head_client, establishment, personas
):
    aed = StaffMemberFactory(
        establishment=establishment,
        usage_name="Surveillant",
        first_name="Léo",
        category="aed",
        disciplines="",
    )
    create = url("allocation_create", establishment)

    default = head_client.get(f"{create}?annee=2026").content.decode()
    everyone = head_client.get(f"{create}?annee=2026&tous=on").content.decode()

    assert not any(label.startswith("SURVEILLANT") for label in options(default))
    assert "décret n° 2015-475 (art. 1)" in html.unescape(default)  # the legal reason is given
    assert "SURVEILLANT Léo — AED — hors champ des IMP" in options(everyone)
    assert aed.in_imp_scope is False


def test_homonyms_are_told_apart_on_the_allocation_screen(
    head_client, establishment, homonyms, granted_envelope
):
    envelope = granted_envelope(10)
    mission = Mission.objects.get(code="coordination-discipline", establishment=None)
    for person in homonyms:
        allocate(
            envelope=envelope, staff_member=person, mission=mission, actor=None, rate=rate("003"), count=1
        )

    page = html.unescape(head_client.get(url("allocation_list", establishment)).content.decode())

    assert 'LAMBERT Françoise</a> <span class="fr-text--xs">(Mathématiques, née en 1978)</span>' in page
    assert "(Histoire-géographie, née en 1985)" in page
