"""Anonymous statistics: SVG charts and a CSV export, never a name."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from harcelement.services.stats import bar_chart, statistics, statistics_csv
from missions.views.base import (
    breadcrumb,
    establishment_view,
    selected_school_year,
)

# --- statistics ---------------------------------------------------------------------------------------


@establishment_view("view_phare_stats")
@require_safe
def stats(request):
    year = selected_school_year(request)
    data = statistics(request.establishment, year)
    charts = [
        bar_chart("Situations par mois", data["by_month"]),
        bar_chart("Situations par forme", data["by_form"]),
        bar_chart("Élèves cibles par niveau", data["by_level"]),
        bar_chart("Situations par statut", data["by_status"]),
    ]
    context = {
        "school_year": year,
        "stats": data,
        "charts": charts,
        "nav": "phare",
        "title": f"Statistiques pHARe {year}",
        "breadcrumb_data": breadcrumb(request, "Statistiques pHARe"),
    }
    return render(request, "harcelement/stats.html", context)


@establishment_view("view_phare_stats")
@require_safe
def stats_csv(request):
    year = selected_school_year(request)
    response = HttpResponse(
        "\ufeff" + statistics_csv(statistics(request.establishment, year)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="phare-statistiques-{year.start_year}.csv"'
    return response
