"""The allocation screen as the head and the deputy use it: gauge, holders, add / edit / remove, htmx, filters."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Allocation, Envelope, Event, Mission, Rate, StaffMember
from missions.services.allocation_history import Action, allocation_history
from missions.services.allocations import allocate, update_allocation
from missions.views.allocation_screen import RowUrls, holders, loaded_rows, rows_queryset
from tests.factories import DotationFactory, EnvelopeFactory, StaffMemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def envelope(establishment, school_year):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    DotationFactory(envelope=envelope, units=Decimal("2"))
    return envelope


@pytest.fixture
def rates():
    return {rate.code: rate for rate in Rate.objects.all()}


@pytest.fixture
def discipline():
    return Mission.objects.get(code="coordination-discipline", establishment=None)


@pytest.fixture
def teacher(establishment):
    return StaffMemberFactory(
        establishment=establishment, usage_name="Lefebvre", first_name="Anne", sex=StaffMember.Sex.FEMALE
    )


@pytest.fixture
def other_teacher(establishment):
    return StaffMemberFactory(
        establishment=establishment,
        usage_name="Moreau",
        first_name="Paul",
        sex=StaffMember.Sex.MALE,
        civility=StaffMember.Civility.MR,
        category=StaffMember.Category.CPE,
    )


def url(name, establishment, *args, annee=None):
    path = reverse(name, args=[establishment.uai, *args])
    return f"{path}?annee={annee}" if annee else path


def form_data(staff, mission, *, rate=None, count=1, kind="pay", hours="", periodicity="annual", **extra):
    return {
        "staff_member": staff.pk,
        "mission": mission.pk,
        "kind": kind,
        "rate": rate.pk if rate else "",
        "count": count if kind == "pay" else "",
        "discharge_hours": hours,
        "periodicity": periodicity,
        "start_date": "",
        "end_date": "",
        "note": "",
        **extra,
    }


def allocation_table(page: str) -> str:
    """The "Missions et titulaires" table only (the add form below lists every person)."""
    start = page.index('id="allocations-title"')
    return page[start : page.index("</table>", start)]


def give(envelope, staff, mission, rate, actor, count=1, **kwargs):
    return allocate(
        envelope=envelope, staff_member=staff, mission=mission, actor=actor, rate=rate, count=count, **kwargs
    )


# --- the screen ---------------------------------------------------------------------------------


def test_head_sees_the_gauge_and_each_mission_with_its_holders(
    head_client, personas, establishment, envelope, teacher, discipline, rates
):
    give(envelope, teacher, discipline, rates["003"], personas.head)

    page = head_client.get(url("allocation_list", establishment)).content.decode()

    assert 'id="envelope-gauge"' in page
    assert "1 IMP restante" in page and "1 250,00 €" in page and "2 IMP" in page
    assert "LEFEBVRE Anne" in page and discipline.title in page
    assert "Sous-total de la mission (1 titulaire)" in page


def test_a_mission_archived_since_still_shows_its_holders(
    head_client, personas, establishment, envelope, teacher, discipline, rates
):
    # the screen takes missions from the catalogue, which leaves archived ones out: those still held are fetched
    give(envelope, teacher, discipline, rates["003"], personas.head)
    discipline.archived_by.add(establishment)

    table = allocation_table(head_client.get(url("allocation_list", establishment)).content.decode())

    assert discipline.title in table and "LEFEBVRE Anne" in table
    assert "Sous-total de la mission (1 titulaire)" in table


def test_a_row_added_between_the_pages_queries_still_gets_its_person_and_mission(
    personas, establishment, envelope, teacher, discipline, rates
):
    # the screen loads the holders, then the rows: an allocation added in between brings a person not loaded
    holders_before = holders(envelope)
    give(envelope, teacher, discipline, rates["003"], personas.head)

    (row,) = loaded_rows(
        rows_queryset(envelope), envelope, RowUrls(establishment.uai), missions={}, people=holders_before
    )

    assert row.staff_member == teacher and row.mission == discipline


def test_deputy_gets_the_screen_and_a_teacher_does_not(client_for, personas, establishment, envelope):
    assert client_for(personas.deputy).get(url("allocation_list", establishment)).status_code == 200
    assert client_for(personas.staff).get(url("allocation_list", establishment)).status_code == 403


def test_a_year_without_envelope_invites_to_enter_the_grant_and_creates_nothing(
    head_client, establishment, school_year
):
    page = head_client.get(url("allocation_list", establishment)).content.decode()

    assert "Saisir la dotation notifiée avec la DHG" in page
    assert not Envelope.objects.exists()


def test_the_year_is_chosen_with_annee(head_client, establishment, envelope):
    response = head_client.get(url("allocation_list", establishment, annee=2031))
    assert response.status_code == 404


def test_the_screen_says_what_the_rules_expect_and_shows_the_equality_line(
    head_client, personas, establishment, envelope, teacher, rates
):
    tutoring = Mission.objects.get(code="tutorat", establishment=None)
    give(envelope, teacher, tutoring, rates["002"], personas.head)

    page = head_client.get(url("allocation_list", establishment)).content.decode()

    assert "Ce que les règles attendent" in page
    assert "Coordination" in page  # the coordination de discipline expected in every establishment
    assert "Femmes" in page and "Hommes" in page and "625,00 €" in page


def test_a_person_over_7500_euros_gets_a_warning(
    head_client, personas, establishment, envelope, teacher, rates
):
    DotationFactory(envelope=envelope, units=Decimal("10"))
    give(envelope, teacher, Mission.objects.get(code="referent-numerique"), rates["005"], personas.head)
    give(envelope, teacher, Mission.objects.get(code="devoirs-faits"), rates["005"], personas.head)

    at_cap = head_client.get(url("allocation_list", establishment)).content.decode()
    give(envelope, teacher, Mission.objects.get(code="tutorat"), rates["001"], personas.head)
    over_cap = head_client.get(url("allocation_list", establishment)).content.decode()

    assert "7 500,00 €" in at_cap and "Au-delà de 7 500 € par an" not in at_cap  # 2 × 3 750 €: at the cap
    assert "7 812,50 €" in over_cap and "Au-delà de 7 500 € par an" in over_cap


def test_each_row_opens_its_history_when_asked(
    head_client, personas, establishment, envelope, teacher, discipline, rates
):
    # GIVEN an allocation created by the head, then changed by the deputy
    allocation = give(envelope, teacher, discipline, rates["002"], personas.head)
    update_allocation(allocation, actor=personas.deputy, rate=rates["003"])
    history_url = reverse("allocation_history", args=[establishment.uai, allocation.pk])

    # WHEN the head opens the screen: the row links its history, not loaded yet (issue 7, item 13)
    page = head_client.get(url("allocation_list", establishment)).content.decode()
    assert f'hx-get="{history_url}"' in page and f'href="{history_url}"' in page
    assert page.count("Demi-taux → Taux de base") == 1  # in the screen's latest changes, not in the row

    # THEN opening it (htmx) brings the list of changes, newest first, with their authors
    fragment = head_client.get(history_url, **HTMX).content.decode()
    assert "<html" not in fragment
    assert fragment.index("Modification") < fragment.index("Création")
    assert "Taux : Demi-taux → Taux de base" in fragment
    assert personas.deputy.get_full_name() in fragment

    # AND without JavaScript, the link opens the same list on a page of its own, with the way back
    full_page = head_client.get(history_url).content.decode()
    assert "<h1>Historique de l'attribution</h1>" in full_page
    assert "Taux : Demi-taux → Taux de base" in full_page
    assert "Retour à la répartition" in full_page


def test_the_rows_escape_what_people_typed(head_client, personas, establishment, envelope, discipline, rates):
    # GIVEN a name with markup in it (an STSWeb file or an admin can hold anything)
    odd = StaffMemberFactory(establishment=establishment, usage_name="<b>Dupont</b>", first_name='Léa "&"')
    give(envelope, odd, discipline, rates["003"], personas.head)

    # WHEN the screen shows the row (rendered in Python, not by the template engine)
    page = head_client.get(url("allocation_list", establishment)).content.decode()

    # THEN the text is escaped, in the cell and in the removal question
    assert "<b>DUPONT</b>" not in page
    assert "&lt;B&gt;DUPONT&lt;/B&gt; Léa &quot;&amp;&quot;" in page


# --- filters ------------------------------------------------------------------------------------


@pytest.fixture
def two_rows(envelope, personas, teacher, other_teacher, discipline, rates):
    tutoring = Mission.objects.get(code="tutorat", establishment=None)
    give(envelope, teacher, discipline, rates["003"], personas.head)
    allocate(
        envelope=envelope,
        staff_member=other_teacher,
        mission=tutoring,
        actor=personas.head,
        kind=Allocation.Kind.DISCHARGE,
        discharge_hours=Decimal("0.5"),
    )
    return tutoring


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("personne=lefeb", "LEFEBVRE Anne", "MOREAU Paul"),
        ("categorie=cpe", "MOREAU Paul", "LEFEBVRE Anne"),
        ("forme=discharge", "MOREAU Paul", "LEFEBVRE Anne"),
        ("forme=pay", "LEFEBVRE Anne", "MOREAU Paul"),
    ],
)
def test_filters_keep_the_matching_rows(head_client, establishment, two_rows, query, shown, hidden):
    page = head_client.get(url("allocation_list", establishment) + "?" + query).content.decode()

    assert shown in allocation_table(page)
    assert hidden not in allocation_table(page)
    assert 'id="envelope-gauge"' in page  # the gauge still tells the whole envelope


def test_filter_by_mission(head_client, establishment, two_rows):
    page = head_client.get(url("allocation_list", establishment) + f"?mission={two_rows.pk}").content.decode()

    assert "MOREAU Paul" in allocation_table(page) and "LEFEBVRE Anne" not in allocation_table(page)


# --- add ----------------------------------------------------------------------------------------


def test_the_form_offers_each_rate_with_its_amount_and_prefills_from_the_mission(
    head_client, establishment, envelope, discipline, teacher
):
    page = head_client.get(
        url("allocation_create", establishment) + f"?mission={discipline.pk}&personnel={teacher.pk}"
    ).content.decode()

    # the coordination de discipline allows the half, base and double rates only
    assert "Demi-taux — 625,00 €" in page and "Double taux — 2 500,00 €" in page
    assert "Triple taux" not in page and "Quart de taux" not in page
    assert "Taux conseillé : Taux de base — 1 250,00 € par an." in page
    assert f'<option value="{teacher.pk}" selected>' in page
    assert f'value="{discipline.suggested_rate_id}"' in page


def test_the_eps_coordination_shows_the_computed_suggestion(head_client, establishment, envelope):
    for name in ("Petit", "Roux", "Blanc"):
        StaffMemberFactory(establishment=establishment, usage_name=name, disciplines="EPS")
    eps = Mission.objects.get(code="coordination-eps", establishment=None)

    page = head_client.get(url("allocation_create", establishment) + f"?mission={eps.pk}").content.decode()

    assert "Suggestion pour la coordination EPS" in page


def test_head_adds_an_allocation_and_returns_to_the_screen(
    head_client, personas, establishment, envelope, teacher, discipline, rates
):
    response = head_client.post(
        url("allocation_create", establishment, annee=2026), form_data(teacher, discipline, rate=rates["003"])
    )

    assert response.status_code == 302
    assert response["Location"] == url("allocation_list", establishment, annee=2026)
    allocation = Allocation.objects.get()
    assert (allocation.staff_member, allocation.units) == (teacher, Decimal("1.00"))
    assert allocation_history(allocation).get().actor == personas.head
    page = head_client.get(response["Location"]).content.decode()
    assert "Attribution enregistrée" in page and "1 IMP restante" in page


def test_an_allocation_beyond_the_envelope_is_refused_with_its_values_kept_and_nothing_saved(
    head_client, establishment, envelope, teacher, discipline, rates
):
    response = head_client.post(
        url("allocation_create", establishment),
        form_data(teacher, discipline, rate=rates["004"], count=2, note="Sciences"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Enveloppe dépassée : il reste 2 IMP (2 500,00 €), cette attribution en demande 4 (5 000,00 €)."
        in page
    )
    assert 'value="Sciences"' in page and f'<option value="{teacher.pk}" selected>' in page
    assert not Allocation.objects.exists() and not Event.objects.exists()


def test_a_one_off_mission_keeps_its_dates(head_client, establishment, envelope, teacher, rates):
    trip = Mission.objects.get(code="voyage-scolaire", establishment=None)
    data = form_data(
        teacher,
        trip,
        rate=rates["002"],
        periodicity="one_off",
        start_date="2027-03-01",
        end_date="2027-03-05",
    )

    head_client.post(url("allocation_create", establishment), data)

    assert Allocation.objects.get().start_date == date(2027, 3, 1)


def test_a_discharge_draws_hours_on_the_envelope(head_client, establishment, envelope, teacher, rates):
    digital = Mission.objects.get(code="referent-numerique", establishment=None)
    data = form_data(teacher, digital, rate=rates["003"], kind="discharge", hours="1.5")

    head_client.post(url("allocation_create", establishment), data)

    allocation = Allocation.objects.get()
    assert (allocation.rate, allocation.discharge_hours, allocation.units) == (
        None,
        Decimal("1.5"),
        Decimal("1.5"),
    )


def test_htmx_add_returns_the_row_and_the_gauge_out_of_band(
    head_client, establishment, envelope, teacher, discipline, rates
):
    response = head_client.post(
        url("allocation_create", establishment), form_data(teacher, discipline, rate=rates["002"]), **HTMX
    )

    page = response.content.decode()
    allocation = Allocation.objects.get()
    assert response.status_code == 200 and response["HX-Reswap"] == "none"  # all swaps are out of band
    assert f'<tbody hx-swap-oob="afterbegin:#new-allocations"><tr id="allocation-{allocation.pk}"' in page
    assert 'id="envelope-gauge"' in page and 'hx-swap-oob="true"' in page
    assert "1,5 IMP restantes" in page
    # The mission's first holder: no heading nor subtotal row on the page yet, so none is swapped; the row
    # names its mission and the person's first total is added to the totals by person.
    assert f'id="mission-{discipline.pk}-subtotal"' not in page
    assert 'class="fr-text--xs fr-mb-0 allocation-row__mission">Coordination de discipline<' in page
    person_total = page[page.index('hx-swap-oob="beforeend:#person-totals"') :]
    assert f'<tr id="person-{teacher.pk}-total">' in person_total and "625,00 €" in person_total
    assert "<html" not in page


def test_htmx_refusal_sends_the_form_back_in_place(
    head_client, establishment, envelope, teacher, discipline, rates
):
    response = head_client.post(
        url("allocation_create", establishment),
        form_data(teacher, discipline, rate=rates["004"], count=2),
        **HTMX,
    )

    assert response["HX-Retarget"] == "#quick-add"
    assert "Enveloppe dépassée" in response.content.decode()
    assert not Allocation.objects.exists()


# --- edit, remove, confirm ----------------------------------------------------------------------


@pytest.fixture
def allocation(envelope, personas, teacher, discipline, rates):
    return give(envelope, teacher, discipline, rates["002"], personas.head)


def test_head_edits_an_allocation(head_client, establishment, allocation, teacher, discipline, rates):
    page = head_client.get(url("allocation_update", establishment, allocation.pk)).content.decode()
    assert "Modifier l'attribution" in page

    response = head_client.post(
        url("allocation_update", establishment, allocation.pk),
        form_data(teacher, discipline, rate=rates["003"]),
    )

    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.rate == rates["003"]
    assert allocation_history(allocation).filter(action=Action.UPDATED).exists()


def test_an_edit_beyond_the_envelope_changes_nothing(
    head_client, establishment, allocation, teacher, discipline, rates
):
    response = head_client.post(
        url("allocation_update", establishment, allocation.pk),
        form_data(teacher, discipline, rate=rates["004"], count=2),
    )

    assert "Enveloppe dépassée" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.rate == rates["002"]


def test_htmx_edit_opens_the_row_in_place_then_returns_the_row_and_the_gauge(
    head_client, establishment, allocation, teacher, discipline, rates
):
    edit = head_client.get(url("allocation_update", establishment, allocation.pk), **HTMX).content.decode()
    assert edit.lstrip().startswith(f'<tr id="allocation-{allocation.pk}"') and "<form" in edit

    response = head_client.post(
        url("allocation_update", establishment, allocation.pk),
        form_data(teacher, discipline, rate=rates["003"]),
        **HTMX,
    )

    page = response.content.decode()
    assert f'<tr id="allocation-{allocation.pk}"' in page and "Taux de base" in page
    assert "1 IMP restante" in page


def test_removing_shows_what_will_happen_then_removes(head_client, establishment, allocation):
    confirmation = head_client.get(url("allocation_delete", establishment, allocation.pk)).content.decode()
    assert "Les 0,5 IMP reviendront à l'enveloppe : il restera 2 IMP." in confirmation
    assert Allocation.objects.exists()

    response = head_client.post(url("allocation_delete", establishment, allocation.pk))

    assert response.status_code == 302
    assert not Allocation.objects.exists()
    assert Event.objects.filter(action=Action.DELETED).exists()


def test_htmx_remove_returns_no_row_and_the_gauge(head_client, establishment, allocation):
    response = head_client.post(url("allocation_delete", establishment, allocation.pk), **HTMX)

    page = response.content.decode()
    assert f'<tr id="allocation-{allocation.pk}" hx-swap-oob="delete">' in page
    assert 'id="envelope-gauge"' in page and "2 IMP restantes" in page
    assert not Allocation.objects.exists()


def test_a_draft_counts_once_confirmed(
    head_client, personas, establishment, envelope, teacher, discipline, rates
):
    draft = give(envelope, teacher, discipline, rates["003"], personas.head, is_draft=True)
    page = head_client.get(url("allocation_list", establishment)).content.decode()
    assert "Brouillon" in page and "2 IMP restantes" in page

    assert (
        "comptera dans l'enveloppe"
        in head_client.get(url("allocation_confirm", establishment, draft.pk)).content.decode()
    )
    head_client.post(url("allocation_confirm", establishment, draft.pk))

    draft.refresh_from_db()
    assert draft.is_draft is False


def test_an_allocation_of_another_establishment_answers_404(
    head_client, personas, other_establishment, school_year, rates, discipline
):
    foreign_envelope = EnvelopeFactory(establishment=other_establishment, school_year=school_year)
    DotationFactory(envelope=foreign_envelope, units=Decimal("3"))
    foreign = give(
        foreign_envelope,
        StaffMemberFactory(establishment=other_establishment),
        discipline,
        rates["003"],
        personas.outsider,
    )
    establishment = personas.head.role_grants.get().establishment

    for name in ("allocation_update", "allocation_delete", "allocation_confirm"):
        assert head_client.get(url(name, establishment, foreign.pk)).status_code == 404
        assert head_client.post(url(name, establishment, foreign.pk)).status_code == 404
    assert Allocation.objects.filter(pk=foreign.pk).exists()


def test_htmx_opens_the_add_form_and_refreshes_the_mission_hint(
    head_client, establishment, envelope, discipline
):
    form = head_client.get(
        url("allocation_create", establishment) + "?annee=2026&rapide=1", **HTMX
    ).content.decode()
    hint = head_client.get(
        url("allocation_create", establishment) + f"?indice=1&mission={discipline.pk}", **HTMX
    ).content.decode()

    assert form.lstrip().startswith('<form id="quick-add"') and "<html" not in form
    # the mission's fields come back (rates, periodicity, hint), to replace those of the form on the page
    assert hint.lstrip().startswith('<div class="allocation-fields"') and "<html" not in hint
    assert 'class="mission-hint"' in hint and "Taux conseillé : Taux de base" in hint


def test_htmx_changes_bring_the_rules_and_the_equality_line_up_to_date(
    head_client, establishment, envelope, teacher, discipline, rates
):
    # GIVEN the screen warns that no coordination de discipline is held
    page = head_client.get(url("allocation_list", establishment)).content.decode()
    assert "Aucune coordination de discipline" in page

    # WHEN the head gives it to a teacher without leaving the page
    response = head_client.post(
        url("allocation_create", establishment), form_data(teacher, discipline, rate=rates["002"]), **HTMX
    )

    # THEN the alerts and the equality line are swapped out of band, the warning gone, the teacher counted
    answer = response.content.decode()
    alerts = answer[
        answer.index('<div id="screen-alerts" hx-swap-oob="true">') : answer.index('id="screen-equality"')
    ]
    assert "Aucune coordination de discipline" not in alerts
    equality = answer[answer.index('<div id="screen-equality" hx-swap-oob="true">') :]
    assert "Bénéficiaires" in equality and "625,00 €" in equality
