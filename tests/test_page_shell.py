"""The page shell (header, footer) reads django-dsfr's site configuration once per process (issue 7, item 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from dsfr.models import DsfrConfig

from missions import site_config


@pytest.fixture(autouse=True)
def fresh_site_config():
    # Tests roll back their rows without signals: start and end with nothing kept.
    site_config.forget()
    yield
    site_config.forget()


def dsfr_queries(queries) -> list:
    return [q for q in queries if "dsfr_dsfrconfig" in q["sql"]]


def test_the_site_configuration_is_read_once_then_kept(head_client):
    head_client.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        response = head_client.get(reverse("home"))

    assert response.status_code == 200
    assert dsfr_queries(queries) == []


def test_a_configuration_saved_in_the_admin_shows_on_the_next_page(head_client):
    # GIVEN a page already shown (the configuration, none yet, is kept)
    head_client.get(reverse("home"))

    # WHEN the platform administrator saves a configuration, then changes its notice
    config = DsfrConfig.objects.create(
        language="fr", site_title="IMP & pHARe", notice_title="Maintenance ce soir"
    )
    first = head_client.get(reverse("home")).content.decode()
    config.notice_title = "Maintenance demain"
    config.save()
    second = head_client.get(reverse("home")).content.decode()

    # THEN each page shows the configuration as saved
    assert "Maintenance ce soir" in first
    assert "Maintenance demain" in second and "Maintenance ce soir" not in second
