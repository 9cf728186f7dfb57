import pytest
from django.urls import reverse

from missions.models import validate_uai


def test_uai_check_letter_is_verified():
    validate_uai("0750654D")
    with pytest.raises(Exception, match="lettre de contrôle"):
        validate_uai("0750654A")


def test_head_sees_establishment_home(client_for, personas, establishment):
    response = client_for(personas.head).get(reverse("establishment_home", args=[establishment.uai]))
    assert response.status_code == 200


def test_outsider_gets_404(client_for, personas, establishment):
    response = client_for(personas.outsider).get(reverse("establishment_home", args=[establishment.uai]))
    assert response.status_code == 404
