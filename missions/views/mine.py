""" "Mes missions": a person's own page in the establishment, wherever they come from."""

from django.shortcuts import redirect, render

from missions import permissions
from missions.views.base import breadcrumb, establishment_view, selected_school_year, url_for_year


@establishment_view("view_own_allocations")
def my_allocations(request):
    record = (
        permissions.own_staff_records(request.user, request.establishment).order_by("-active", "pk").first()
    )
    year = selected_school_year(request)
    if record is not None:
        return redirect(url_for_year("person_allocations", year, request.establishment.uai, record.pk))
    context = {
        "title": "Mes missions",
        "nav": "mine",
        "breadcrumb_data": breadcrumb(request, "Mes missions"),
        "school_year": year,
    }
    return render(request, "missions/payments/mine_no_record.html", context)
