""" "Mes missions": a person's own page in the establishment, wherever they come from."""

from django.shortcuts import redirect, render
from django.urls import reverse

from missions import permissions
from missions.views.base import establishment_view, selected_school_year


@establishment_view("view_own_allocations")
def my_allocations(request):
    record = (
        permissions.own_staff_records(request.user, request.establishment).order_by("-active", "pk").first()
    )
    year = selected_school_year(request)
    if record is not None:
        url = reverse("person_allocations", args=[request.establishment.uai, record.pk])
        return redirect(f"{url}?annee={year.start_year}")
    home = {
        "url": reverse("establishment_home", args=[request.establishment.uai]),
        "title": request.establishment.name,
    }
    context = {
        "title": "Mes missions",
        "nav": "mine",
        "breadcrumb_data": {"links": [home], "current": "Mes missions"},
        "school_year": year,
    }
    return render(request, "missions/payments/mine_no_record.html", context)
