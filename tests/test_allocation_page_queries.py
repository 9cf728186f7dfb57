"""The allocation screen makes the same number of queries whatever the number of rows (issue 3, item 11),
and at most 12 (issue 7, item 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.allocation_page import build_lycee, current_start_year
from missions.models import Allocation, Rate
from missions.services.allocations import update_allocation

MAX_QUERIES = 12


def shown_rows(page: str) -> int:
    return page.count('<tr id="allocation-')


@pytest.mark.django_db
def test_the_page_makes_as_many_queries_with_300_allocations_as_with_30(client):
    # GIVEN a lycée (150 staff, 40 missions) with 300 allocations this year and 30 next year, each with a
    # history of two events (created, then changed) and a few décharges
    year = current_start_year()
    lycee = build_lycee({year: 300, year + 1: 30})
    base = Rate.objects.get(code="003")
    for allocation in Allocation.objects.filter(kind=Allocation.Kind.PAY).exclude(rate=base):
        update_allocation(allocation, actor=lycee["head"], note="Revu en conseil pédagogique")
    client.force_login(lycee["head"])
    url = reverse("allocation_list", args=[lycee["establishment"].uai])
    client.get(f"{url}?annee={year}")  # the first request of a session may differ (last_login etc.)

    # WHEN the head opens each year's screen
    counts = {}
    for annee, rows in ((year + 1, 30), (year, 300)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?annee={annee}")
        assert response.status_code == 200
        assert shown_rows(response.content.decode()) == rows
        counts[rows] = len(queries)

    # THEN the number of queries does not grow with the rows, and stays within 12
    assert counts[300] == counts[30], counts
    assert counts[300] <= MAX_QUERIES, counts
