"""Correcting and deleting pHARe trainings, prevention actions and partners: the values change, each change and
deletion is on the event log, another establishment's record does not exist, and only `manage_phare` may."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from harcelement.models import Partner, PreventionAction, Training
from harcelement.services.people import delete_training, update_training
from harcelement.services.plan import delete_partner, update_action
from missions.models import Event
from tests.factories import StaffMemberFactory
from tests.phare_objects import make_member, make_partner, make_prevention_action, make_training

TRAINING_FORM = {
    "title": "Formation pHARe niveau 2",
    "date": "2026-11-12",
    "hours": "14",
    "organiser": "Rectorat",
}
ACTION_FORM = {
    "title": "Théâtre-forum en 5e",
    "axis": "prevenir",
    "pillars": ["prevenir", "heures"],
    "audience": "Toutes les classes de 5e",
    "date": "2026-12-03",
    "pupil_hours": "3",
    "status": "annulee",
}
PARTNER_FORM = {"name": "Mairie — service jeunesse", "kind": "collectivite", "contact": "jeunesse@mairie.fr"}


@pytest.fixture
def member(establishment, school_year):
    return make_member(establishment)


@pytest.fixture
def training(member):
    return make_training(member.staff_member)


@pytest.fixture
def partner(establishment):
    return make_partner(establishment)


@pytest.fixture
def action(establishment, school_year, partner):
    return make_prevention_action(establishment, [partner])


def url(name, establishment, obj):
    return reverse(name, args=[establishment.uai, obj.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


def events(action_code):
    return Event.objects.filter(action=action_code)


# --- the services ----------------------------------------------------------------------------------------


def test_correcting_a_training_records_before_and_after(training, personas):
    changes = update_training(
        training,
        actor=personas.coordinator,
        staff_member=training.staff_member,
        title=training.title,
        date=training.date,
        hours=Decimal("18"),
        organiser="Académie",
    )
    training.refresh_from_db()
    assert training.hours == Decimal("18")
    assert changes == {"hours": [Decimal("12"), Decimal("18")]}
    event = events("phare.training_updated").get()
    assert event.changes == {"hours": ["12", "18"]}
    assert event.object_id == str(training.pk) and event.actor == personas.coordinator


def test_a_correction_that_changes_nothing_records_nothing(training, personas):
    values = {field: getattr(training, field) for field in ("staff_member", "title", "date", "hours")}
    assert update_training(training, actor=personas.head, organiser=training.organiser, **values) == {}
    assert not events("phare.training_updated").exists()


def test_a_training_of_another_establishment_s_person_is_refused(training, personas, other_establishment):
    stranger = StaffMemberFactory(establishment=other_establishment)
    with pytest.raises(Exception, match="personnel de l'établissement"):
        update_training(
            training, actor=personas.head, staff_member=stranger, title="x", date=date(2026, 9, 1), hours=2
        )
    training.refresh_from_db()
    assert training.staff_member != stranger


def test_deleting_a_training_keeps_what_it_was_on_the_event_log(training, personas):
    pk = training.pk
    delete_training(training, actor=personas.head)
    assert not Training.objects.filter(pk=pk).exists()
    event = events("phare.training_deleted").get()
    assert event.object_id == str(pk)
    assert event.changes["hours"] == ["12", None]
    assert event.changes["title"] == ["Formation pHARe niveau 1", None]


def test_correcting_an_action_records_its_partners_by_name(action, partner, establishment, personas):
    other = make_partner(establishment, name="Brigade de prévention")
    update_action(action, actor=personas.head, partners=[other], pupil_hours=Decimal("4"))
    assert list(action.partners.all()) == [other]
    changes = events("phare.action_updated").get().changes
    assert changes == {
        "pupil_hours": ["2", "4"],
        "partners": [["Association e-Enfance"], ["Brigade de prévention"]],
    }


def test_deleting_a_partner_detaches_it_from_its_actions(action, partner, establishment, personas):
    second = make_prevention_action(establishment, [partner])
    assert delete_partner(partner, actor=personas.head) == 2
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert PreventionAction.objects.filter(pk__in=[action.pk, second.pk]).count() == 2
    assert not action.partners.exists() and not second.partners.exists()
    event = events("phare.partner_deleted").get()
    assert sorted(event.data["actions"]) == sorted([action.pk, second.pk])
    assert event.changes["name"] == ["Association e-Enfance", None]


# --- the pages -------------------------------------------------------------------------------------------


def test_the_coordinator_corrects_a_training_through_the_page(
    training, member, establishment, personas, client_for
):
    client = client_for(personas.coordinator)
    page = text(client.get(url("phare_training_update", establishment, training)))
    assert 'value="Formation pHARe niveau 1"' in page and 'value="12.0"' in page  # pre-filled
    response = client.post(
        url("phare_training_update", establishment, training),
        {**TRAINING_FORM, "staff_member": member.staff_member.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("phare_team", args=[establishment.uai])
    assert "Modifications enregistrées." in text(response)
    training.refresh_from_db()
    assert (training.title, training.hours, training.date) == (
        "Formation pHARe niveau 2",
        Decimal("14"),
        date(2026, 11, 12),
    )
    assert events("phare.training_updated").get().changes["organiser"] == ["Académie", "Rectorat"]


def test_a_training_of_someone_who_left_can_still_be_corrected(
    training, member, establishment, personas, client_for
):
    member.staff_member.active = False
    member.staff_member.save()
    client = client_for(personas.head)
    data = {**TRAINING_FORM, "staff_member": member.staff_member.pk}
    response = client.post(url("phare_training_update", establishment, training), data)
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.hours == Decimal("14")


@pytest.mark.parametrize(
    ("hours", "reason"),
    [
        ("0", "Une formation dure au moins une demi-heure."),
        ("-3", "Une formation dure au moins une demi-heure."),
        ("beaucoup", "Indiquez une durée en heures, par exemple 6."),
    ],
)
def test_bad_hours_are_refused_with_a_message_and_change_nothing(
    hours, reason, training, member, establishment, personas, client_for
):
    client = client_for(personas.coordinator)
    data = {**TRAINING_FORM, "staff_member": member.staff_member.pk, "hours": hours}
    response = client.post(url("phare_training_update", establishment, training), data)
    assert response.status_code == 200
    page = text(response)
    assert "Le formulaire contient des erreurs : rien n'a été modifié." in page
    assert reason in page
    training.refresh_from_db()
    assert training.hours == Decimal("12") and training.title == "Formation pHARe niveau 1"
    assert not events("phare.training_updated").exists()


def test_deleting_a_training_asks_first_then_deletes(training, establishment, personas, client_for):
    client = client_for(personas.coordinator)
    page = text(client.get(url("phare_training_delete", establishment, training)))
    assert "Supprimer la formation « Formation pHARe niveau 1 » ?" in page
    assert Training.objects.filter(pk=training.pk).exists()
    response = client.post(url("phare_training_delete", establishment, training), follow=True)
    assert "Formation « Formation pHARe niveau 1 » supprimée." in text(response)
    assert not Training.objects.filter(pk=training.pk).exists()
    assert events("phare.training_deleted").count() == 1


def test_correcting_an_action_through_the_page(action, establishment, personas, client_for):
    client = client_for(personas.deputy)
    page = text(client.get(url("phare_prevention_action_update", establishment, action)))
    assert 'value="Semaine de sensibilisation"' in page
    assert "Annulée" in page  # an action can be cancelled once planned
    response = client.post(url("phare_prevention_action_update", establishment, action), ACTION_FORM)
    assert response.url == reverse("phare_prevention_plan", args=[establishment.uai]) + "?annee=2026"
    action.refresh_from_db()
    assert action.title == "Théâtre-forum en 5e" and action.status == PreventionAction.Status.CANCELLED
    assert action.pillars == ["prevenir", "heures"] and not action.partners.exists()
    changes = events("phare.action_updated").get().changes
    assert changes["status"] == ["prevue", "annulee"] and changes["partners"] == [
        ["Association e-Enfance"],
        [],
    ]


def test_an_invalid_action_changes_nothing(action, establishment, personas, client_for):
    client = client_for(personas.coordinator)
    data = {**ACTION_FORM, "title": "", "pupil_hours": "80"}
    response = client.post(url("phare_prevention_action_update", establishment, action), data)
    assert "rien n'a été modifié" in text(response)
    action.refresh_from_db()
    assert action.title == "Semaine de sensibilisation" and action.pupil_hours == Decimal("2")
    assert not events("phare.action_updated").exists()


def test_deleting_an_action_through_the_page(action, partner, establishment, personas, client_for):
    client = client_for(personas.head)
    assert "Supprimer l'action" in text(
        client.get(url("phare_prevention_action_delete", establishment, action))
    )
    client.post(url("phare_prevention_action_delete", establishment, action))
    assert not PreventionAction.objects.filter(pk=action.pk).exists()
    assert Partner.objects.filter(pk=partner.pk).exists()  # the partner stays
    assert events("phare.action_deleted").get().changes["partners"] == [["Association e-Enfance"], None]


def test_correcting_a_partner_through_the_page(partner, establishment, personas, client_for):
    client = client_for(personas.coordinator)
    assert 'value="Association e-Enfance"' in text(
        client.get(url("phare_partner_update", establishment, partner))
    )
    client.post(url("phare_partner_update", establishment, partner), PARTNER_FORM)
    partner.refresh_from_db()
    assert (partner.name, partner.kind, partner.contact) == (
        "Mairie — service jeunesse",
        "collectivite",
        "jeunesse@mairie.fr",
    )
    assert events("phare.partner_updated").get().changes["name"] == [
        "Association e-Enfance",
        "Mairie — service jeunesse",
    ]


def test_an_empty_partner_name_changes_nothing(partner, establishment, personas, client_for):
    client = client_for(personas.coordinator)
    response = client.post(url("phare_partner_update", establishment, partner), {**PARTNER_FORM, "name": " "})
    assert "rien n'a été modifié" in text(response)
    partner.refresh_from_db()
    assert partner.name == "Association e-Enfance"


def test_the_partner_confirmation_says_how_many_actions_lose_it(
    action, partner, establishment, personas, client_for
):
    make_prevention_action(establishment, [partner])
    client = client_for(personas.coordinator)
    page = text(client.get(url("phare_partner_delete", establishment, partner)))
    assert "Il est retiré de 2 actions de prévention" in page
    response = client.post(url("phare_partner_delete", establishment, partner), follow=True)
    assert "Partenaire « Association e-Enfance » supprimé." in text(response)
    assert not Partner.objects.filter(pk=partner.pk).exists()
    action.refresh_from_db()
    assert not action.partners.exists()


def test_the_pages_link_each_record_to_its_correction_and_deletion(
    training, action, partner, establishment, personas, client_for
):
    client = client_for(personas.coordinator)
    team = text(client.get(reverse("phare_team", args=[establishment.uai])))
    assert url("phare_training_update", establishment, training) in team
    assert url("phare_training_delete", establishment, training) in team
    assert '<span class="fr-sr-only"> la formation « Formation pHARe niveau 1 »' in team
    plan = text(client.get(reverse("phare_prevention_plan", args=[establishment.uai])))
    for name, obj in [
        ("phare_prevention_action_update", action),
        ("phare_prevention_action_delete", action),
        ("phare_partner_update", partner),
        ("phare_partner_delete", partner),
    ]:
        assert url(name, establishment, obj) in plan
    assert 'Supprimer<span class="fr-sr-only"> le partenaire « Association e-Enfance »</span>' in plan
    assert 'Modifier<span class="fr-sr-only"> l\'action « Semaine de sensibilisation »</span>' in plan


# --- who may ---------------------------------------------------------------------------------------------
EDITS = [
    ("phare_training_update", "training", {**TRAINING_FORM, "hours": "30"}),
    ("phare_training_delete", "training", {}),
    ("phare_prevention_action_update", "action", ACTION_FORM),
    ("phare_prevention_action_delete", "action", {}),
    ("phare_partner_update", "partner", PARTNER_FORM),
    ("phare_partner_delete", "partner", {}),
]


def snapshot():
    return (
        list(Training.objects.values()),
        list(PreventionAction.objects.values()),
        list(Partner.objects.values()),
        list(PreventionAction.partners.through.objects.values()),
        Event.objects.count(),
    )


@pytest.mark.parametrize(("name", "fixture", "data"), EDITS, ids=[name for name, _, _ in EDITS])
@pytest.mark.parametrize("role", ["resource_team", "staff", "bursar"])
def test_without_manage_phare_the_answer_is_403_and_nothing_changes(
    role, name, fixture, data, request, training, action, establishment, personas, client_for
):
    obj = request.getfixturevalue(fixture)
    before = snapshot()
    client = client_for(getattr(personas, role))
    assert client.get(url(name, establishment, obj)).status_code == 403
    assert client.post(url(name, establishment, obj), data).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "fixture", "data"), EDITS, ids=[name for name, _, _ in EDITS])
def test_another_establishment_s_record_answers_404_and_stays(
    name, fixture, data, establishment, other_establishment, school_year, personas, client_for
):
    foreign_partner = make_partner(other_establishment)
    foreign = {
        "training": make_training(StaffMemberFactory(establishment=other_establishment)),
        "partner": foreign_partner,
        "action": make_prevention_action(other_establishment, [foreign_partner]),
    }[fixture]
    before = snapshot()
    client = client_for(personas.head)
    assert client.get(url(name, establishment, foreign)).status_code == 404
    assert client.post(url(name, establishment, foreign), data).status_code == 404
    assert snapshot() == before
