"""One write path per change: the staff form's "en poste" box goes through the deactivation service."""

from django.forms.models import model_to_dict
from django.urls import reverse

from missions.models import Role, RoleGrant, StaffMember


def form_data(record, **overrides):
    data = model_to_dict(
        record,
        fields=[
            "civility",
            "sex",
            "usage_name",
            "birth_name",
            "first_name",
            "category",
            "grade",
            "disciplines",
            "email",
            "sts_id",
        ],
    )
    data["birth_date"] = record.birth_date.isoformat() if record.birth_date else ""
    data["usage_name"] = "Nouveau-Nom"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_deputy_cannot_mark_the_head_as_gone_through_the_edit_form(
    client, personas, establishment, school_year
):
    record = StaffMember.objects.get(user=personas.head, establishment=establishment)
    client.force_login(personas.deputy)
    # "active" left out of the POST = the box unchecked
    response = client.post(reverse("staff_update", args=[establishment.uai, record.pk]), form_data(record))
    assert response.status_code == 200
    assert "Seul un chef d" in response.content.decode()
    record.refresh_from_db()
    assert record.active and record.usage_name != "Nouveau-Nom"  # nothing of the form was saved
    assert RoleGrant.objects.filter(user=personas.head, role=Role.HEAD, school_year=school_year).exists()


def test_the_last_head_cannot_untick_their_own_box(client, personas, establishment, school_year):
    record = StaffMember.objects.get(user=personas.head, establishment=establishment)
    client.force_login(personas.head)
    response = client.post(reverse("staff_update", args=[establishment.uai, record.pk]), form_data(record))
    assert "dernier rôle de chef d" in response.content.decode()
    record.refresh_from_db()
    assert record.active


def test_unticking_the_box_withdraws_the_roles_like_deactivating(
    client, personas, establishment, school_year
):
    record = StaffMember.objects.get(user=personas.staff, establishment=establishment)
    client.force_login(personas.deputy)
    response = client.post(reverse("staff_update", args=[establishment.uai, record.pk]), form_data(record))
    assert response.status_code == 302
    record.refresh_from_db()
    assert not record.active and record.usage_name == "Nouveau-Nom"
    assert not RoleGrant.objects.filter(
        user=personas.staff, establishment=establishment, school_year=school_year
    ).exists()
