"""The home page, the establishment switcher, the establishment home and the static pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.models import Role
from tests.factories import EstablishmentFactory, RoleGrantFactory, SchoolYearFactory, UserFactory


def test_home_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_head_sees_their_establishment_and_what_they_can_do(client_for, personas, establishment):
    response = client_for(personas.head).get(reverse("home"))
    content = response.content.decode()
    assert "Collège Victor-Hugo" in content
    assert "Chef d&#x27;établissement" in content
    for link in ("Répartition des IMP", "Personnels", "Rôles", "Mes missions"):
        assert link in content
    assert reverse("staff_list", args=[establishment.uai]) in content
    assert "Lycée Paul-Éluard" not in content


def test_a_teacher_sees_only_their_own_missions(client_for, personas, establishment):
    content = client_for(personas.staff).get(reverse("home")).content.decode()
    assert reverse("my_allocations", args=[establishment.uai]) in content
    assert f'href="{reverse("staff_list", args=[establishment.uai])}"' not in content
    assert reverse("allocation_list", args=[establishment.uai]) not in content


def test_a_bursar_sees_payments_but_not_staff_management(client_for, personas, establishment):
    content = client_for(personas.bursar).get(reverse("home")).content.decode()
    assert reverse("payment_list", args=[establishment.uai]) in content
    assert f'href="{reverse("staff_list", args=[establishment.uai])}"' not in content


def test_a_user_without_any_role_gets_a_kind_explanation(client_for, school_year):
    content = client_for(UserFactory(email="nouveau@example.org")).get(reverse("home")).content.decode()
    assert "aucun rôle ne vous est encore attribué" in content


def test_a_role_of_last_year_does_not_open_an_establishment_once_this_years_roles_are_set(
    client_for, school_year, establishment
):
    """Roles of an earlier year stay in force only until the establishment has roles for this year
    (missions.services.role_reconduction)."""
    user = UserFactory(email="ancien@example.org")
    RoleGrantFactory(user=user, establishment=establishment, school_year=SchoolYearFactory(start_year=2025))
    RoleGrantFactory(establishment=establishment, school_year=school_year, role="head")
    content = client_for(user).get(reverse("home")).content.decode()
    assert "Collège Victor-Hugo" not in content


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_home_page_queries_do_not_grow_with_the_establishments(client_for, school_year):
    user = UserFactory(email="multi@example.org")
    RoleGrantFactory(user=user, establishment=EstablishmentFactory(uai="0750001U"), school_year=school_year)
    client = client_for(user)
    client.get(reverse("home"))  # the first request refreshes the session and reads the site configuration
    one = home_queries(client)
    for uai in ("0750002V", "0750003W", "0750004X"):
        RoleGrantFactory(
            user=user, establishment=EstablishmentFactory(uai=uai), school_year=school_year, role=Role.HEAD
        )
    assert home_queries(client) == one


def test_switching_establishment_goes_to_its_home(client_for, personas, establishment):
    response = client_for(personas.head).get(reverse("switch_establishment"), {"uai": "0750654d"})
    assert response.status_code == 302
    assert response.url == reverse("establishment_home", args=[establishment.uai])


def test_switching_to_an_establishment_that_is_not_mine_answers_404(
    client_for, personas, other_establishment
):
    response = client_for(personas.head).get(
        reverse("switch_establishment"), {"uai": other_establishment.uai}
    )
    assert response.status_code == 404


def test_switching_without_an_establishment_goes_home(client_for, personas):
    response = client_for(personas.head).get(reverse("switch_establishment"))
    assert response.status_code == 302 and response.url == reverse("home")


def test_establishment_home_shows_the_establishment_and_my_roles(client_for, personas, establishment):
    response = client_for(personas.deputy).get(reverse("establishment_home", args=[establishment.uai]))
    content = response.content.decode()
    for text in ("Collège Victor-Hugo", "0750654D", "Collège", "Paris", "2026-2027", "Adjoint"):
        assert text in content
    assert reverse("role_list", args=[establishment.uai]) in content


def test_a_board_member_finds_the_ca_pack_on_their_home_page(client_for, personas, establishment):
    content = client_for(personas.board).get(reverse("establishment_home", args=[establishment.uai])).content
    assert reverse("board_pack", args=[establishment.uai]) in content.decode()
    assert "La répartition des IMP présentée au CA" in content.decode()
    assert reverse("my_allocations", args=[establishment.uai]) not in content.decode()


def test_establishment_home_of_another_establishment_answers_404(client_for, personas, other_establishment):
    response = client_for(personas.head).get(reverse("establishment_home", args=[other_establishment.uai]))
    assert response.status_code == 404


def test_the_accessibility_statement_is_public(client, db):
    content = client.get(reverse("accessibility")).content.decode()
    assert "partiellement conforme" in content
    assert "Voies de recours" in content
    assert "Défenseur des droits" in content


def test_the_legal_notice_is_public_and_lists_the_data_processed(client, db):
    content = client.get(reverse("legal")).content.decode()
    for text in ("Éditeur", "Hébergement", "Durées de conservation", "Vos droits", "CNIL", "DSFR"):
        assert text in content


def test_every_page_footer_links_the_accessibility_statement(client, db):
    content = client.get(reverse("login")).content.decode()
    assert reverse("accessibility") in content
