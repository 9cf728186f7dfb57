"""The allocation form follows the chosen mission (its rates, suggested rate and periodicity), with htmx and
without JavaScript; the screen's totals lose a person or a mission left with nothing; the equality table only
shows "Non renseigné" when it counts someone."""

import re

import pytest
from django.urls import reverse

from missions.models import Allocation, Mission, Rate, StaffMember
from missions.services.allocations import allocate
from tests.factories import MissionFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(6)


@pytest.fixture
def rates():
    return {rate.code: rate for rate in Rate.objects.all()}


@pytest.fixture
def discipline():
    """Coordination de discipline: half, base or double rate, base suggested, annual."""
    return Mission.objects.get(code="coordination-discipline", establishment=None)


@pytest.fixture
def trip():
    """Organisation d'un voyage scolaire: every rate, half suggested, one-off."""
    return Mission.objects.get(code="voyage-scolaire", establishment=None)


@pytest.fixture
def teacher(establishment):
    return StaffMemberFactory(establishment=establishment, usage_name="Lefebvre", first_name="Anne")


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


def offered_rates(page: str) -> dict[str, bool]:
    """The rate radios of the form: {label with its amount: checked}."""
    radios = re.findall(
        r'<input type="radio" name="rate" value="\d+"[^>]*?id="(id_rate_\d+)"( checked)?>', page
    )
    return {
        re.search(rf'for="{radio_id}">\s*(.*?)\s*</label>', page).group(1): bool(checked)
        for radio_id, checked in radios
    }


def checked_periodicity(page: str) -> str:
    return re.search(r'name="periodicity" value="(\w+)"[^>]*checked', page).group(1)


def date_input(page: str, name: str) -> str:
    return re.search(rf'<input type="date" name="{name}"[^>]*>', page).group(0)


def refresh_for(client, establishment, mission, **values):
    """What htmx sends when the mission select changes: the form's values, without the CSRF token."""
    query = "&".join(f"{key}={value}" for key, value in {"mission": mission.pk, **values}.items())
    return client.get(f"{url('allocation_create', establishment)}?annee=2026&indice=1&{query}", **HTMX)


# --- the rates, the suggested rate and the periodicity follow the mission (htmx) -----------------


def test_choosing_a_mission_offers_only_its_rates_with_their_amounts_and_its_suggested_rate(
    head_client, establishment, envelope, discipline
):
    page = refresh_for(head_client, establishment, discipline).content.decode()

    assert offered_rates(page) == {
        "Demi-taux — 625,00 €": False,
        "Taux de base — 1 250,00 €": True,
        "Double taux — 2 500,00 €": False,
    }
    assert checked_periodicity(page) == "annual"
    assert "required" not in date_input(page, "start_date")


def test_a_one_off_mission_brings_its_periodicity_and_makes_the_dates_required(
    head_client, establishment, envelope, trip
):
    page = refresh_for(head_client, establishment, trip, periodicity="annual").content.decode()

    assert checked_periodicity(page) == "one_off"
    assert len(offered_rates(page)) == 5 and offered_rates(page)["Demi-taux — 625,00 €"] is True
    for name in ("start_date", "end_date"):
        assert 'aria-required="true"' in date_input(page, name)
    assert "Obligatoire pour une mission ponctuelle." in page
    assert "Taux conseillé : Demi-taux — 625,00 €, versé une fois." in page


def test_the_refreshed_fields_keep_what_the_head_already_entered(
    head_client, establishment, envelope, discipline, teacher
):
    page = refresh_for(
        head_client, establishment, discipline, staff_member=teacher.pk, kind="discharge", note="Lettres"
    ).content.decode()

    assert page.lstrip().startswith('<div class="allocation-fields"') and "<html" not in page
    assert f'<option value="{teacher.pk}" selected>' in page
    assert re.search(r'name="kind" value="discharge"[^>]*checked', page)
    assert 'name="note" value="Lettres"' in page


def test_the_mission_select_asks_for_the_fields_with_the_form_values_but_not_the_csrf_token(
    head_client, establishment, envelope
):
    page = head_client.get(f"{url('allocation_create', establishment)}?annee=2026&rapide=1", **HTMX)

    fields = re.search(r'<div class="allocation-fields"[^>]*>', page.content.decode()).group(0)
    assert (
        "indice=1" in fields
        and 'hx-trigger="change from:find [name=mission], change from:find [name=tous]"' in fields
    )
    assert 'hx-include="closest form"' in fields and 'hx-params="not csrfmiddlewaretoken"' in fields


def test_a_mission_listing_no_rate_leaves_the_five_open(head_client, establishment, envelope):
    open_mission = MissionFactory(establishment=establishment, allowed_rates=[], suggested_rate=None)

    page = refresh_for(head_client, establishment, open_mission).content.decode()

    assert len(offered_rates(page)) == 5 and not any(offered_rates(page).values())


# --- without JavaScript: "Choisir cette mission" reloads the form by GET -------------------------


def test_the_form_offers_choose_this_mission_as_a_get_submit(head_client, establishment, envelope):
    page = head_client.get(f"{url('allocation_create', establishment)}?annee=2026").content.decode()

    button = re.findall(r"<noscript>.*?</noscript>", page, re.S)[1]
    assert "Choisir cette mission" in button and 'formmethod="get"' in button
    assert f'formaction="{url("allocation_create", establishment)}"' in button
    assert 'name="annee" value="2026"' in button


def test_choose_this_mission_reloads_the_form_for_it_and_saves_nothing(
    head_client, establishment, envelope, trip, teacher
):
    response = head_client.get(
        url("allocation_create", establishment),
        {
            "csrfmiddlewaretoken": "sent-by-the-form",
            "annee": "2026",
            "choisir": "1",
            "staff_member": teacher.pk,
            "mission": trip.pk,
            "kind": "pay",
            "count": "2",
            "periodicity": "annual",
            "note": "Séjour à Berlin",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert (
        f'<option value="{teacher.pk}" selected>' in page and f'<option value="{trip.pk}" selected>' in page
    )
    assert checked_periodicity(page) == "one_off" and offered_rates(page)["Demi-taux — 625,00 €"] is True
    assert 'name="count" value="2"' in page and 'value="Séjour à Berlin"' in page
    assert not Allocation.objects.exists()
    # the token went through a URL: the answer carries a new one
    assert "csrftoken" in response.cookies


def test_choose_this_mission_on_the_edit_page_changes_nothing_until_saved(
    head_client, personas, establishment, envelope, discipline, trip, teacher, rates
):
    allocation = allocate(
        envelope=envelope,
        staff_member=teacher,
        mission=discipline,
        actor=personas.head,
        rate=rates["003"],
        count=1,
    )
    edit_url = url("allocation_update", establishment, allocation.pk)

    page = head_client.get(edit_url).content.decode()
    assert f'formaction="{edit_url}"' in page

    page = head_client.get(
        edit_url, {"choisir": "1", "mission": trip.pk, "staff_member": teacher.pk}
    ).content.decode()
    assert f'<option value="{trip.pk}" selected>' in page and checked_periodicity(page) == "one_off"
    allocation.refresh_from_db()
    assert allocation.mission == discipline and allocation.periodicity == "annual"


def test_a_rate_the_mission_does_not_allow_is_still_refused_by_the_service(
    head_client, establishment, envelope, discipline, teacher, rates
):
    response = head_client.post(
        f"{url('allocation_create', establishment)}?annee=2026",
        {
            "staff_member": teacher.pk,
            "mission": discipline.pk,
            "kind": "pay",
            "rate": rates["005"].pk,
            "count": 1,
            "periodicity": "annual",
        },
    )

    page = response.content.decode()
    assert (
        "Le taux « Triple taux » n&#x27;est pas prévu pour la mission « Coordination de discipline » "
        "(taux possibles : Demi-taux, Taux de base, Double taux)." in page
    )
    assert not Allocation.objects.exists()


# --- the totals after an htmx change -------------------------------------------------------------


@pytest.fixture
def give(envelope, personas, rates):
    def give(staff, mission, code="002"):
        return allocate(
            envelope=envelope,
            staff_member=staff,
            mission=mission,
            actor=personas.head,
            rate=rates[code],
            count=1,
        )

    return give


def test_removing_a_persons_last_allocation_removes_their_total_and_the_empty_mission_subtotal(
    head_client, establishment, envelope, discipline, teacher, give
):
    allocation = give(teacher, discipline)
    screen = head_client.get(url("allocation_list", establishment)).content.decode()
    assert f'id="person-{teacher.pk}-total"' in screen and f'id="mission-{discipline.pk}-subtotal"' in screen

    page = head_client.post(url("allocation_delete", establishment, allocation.pk), **HTMX).content.decode()

    assert f'<tr id="person-{teacher.pk}-total" hx-swap-oob="delete">' in page
    assert f'<tr id="mission-{discipline.pk}-subtotal" hx-swap-oob="delete">' in page
    assert f'<tbody id="mission-{discipline.pk}" hx-swap-oob="delete">' in page
    assert f'<tr id="person-{teacher.pk}-total" hx-swap-oob="true">' not in page


def test_removing_one_of_two_allocations_updates_the_totals_instead(
    head_client, establishment, envelope, discipline, teacher, give
):
    give(teacher, Mission.objects.get(code="tutorat", establishment=None))
    other = StaffMemberFactory(establishment=establishment, usage_name="Moreau")
    give(other, discipline)
    allocation = give(teacher, discipline)

    page = head_client.post(url("allocation_delete", establishment, allocation.pk), **HTMX).content.decode()

    assert f'<tr id="person-{teacher.pk}-total" hx-swap-oob="true">' in page  # still holds the tutoring
    assert (
        f'<tr id="mission-{discipline.pk}-subtotal" class="allocation-subtotal" hx-swap-oob="true">' in page
    )
    assert f'id="mission-{discipline.pk}" hx-swap-oob="delete"' not in page


def test_moving_a_missions_only_allocation_elsewhere_removes_its_subtotal(
    head_client, establishment, envelope, discipline, trip, teacher, give
):
    allocation = give(teacher, discipline)

    page = head_client.post(
        url("allocation_update", establishment, allocation.pk),
        {
            "staff_member": teacher.pk,
            "mission": trip.pk,
            "kind": "pay",
            "rate": allocation.rate_id,
            "count": 1,
            "periodicity": "one_off",
            "start_date": "2027-03-01",
            "end_date": "2027-03-05",
        },
        **HTMX,
    ).content.decode()

    assert f'<tr id="mission-{discipline.pk}-subtotal" hx-swap-oob="delete">' in page
    assert f'<tr id="person-{teacher.pk}-total" hx-swap-oob="true">' in page
    assert f'id="person-{teacher.pk}-total" hx-swap-oob="delete"' not in page


# --- the equality table ---------------------------------------------------------------------------


def equality_table(page: str) -> str:
    start = page.index('id="equality-title"')
    return page[start : page.index("</table>", start)]


def test_the_equality_table_hides_not_recorded_when_every_sex_is_known(head_client, establishment, envelope):
    StaffMemberFactory(establishment=establishment, sex=StaffMember.Sex.MALE)

    table = equality_table(head_client.get(url("allocation_list", establishment)).content.decode())

    assert "Femmes" in table and "Hommes" in table and "Non renseigné" not in table


def test_the_equality_table_shows_not_recorded_when_someone_has_no_sex_recorded(
    head_client, establishment, envelope
):
    StaffMemberFactory(establishment=establishment, sex="")

    table = equality_table(head_client.get(url("allocation_list", establishment)).content.decode())

    assert "Non renseigné" in table
