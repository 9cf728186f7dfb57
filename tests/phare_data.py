"""Building pHARe cases through the services, for the tests."""

from datetime import date

from harcelement.services.cases import PupilLine, report_concern
from missions.models import SchoolYear

TARGET, AUTHOR, WITNESS = "Léonie Framboisier", "Maël Groseillon", "Noé Myrtillard"
PUPILS = [
    PupilLine(TARGET, "5e B", "cible"),
    PupilLine(AUTHOR, "5e B", "auteur"),
    PupilLine(WITNESS, "5e A", "temoin"),
]


def reported_case(establishment, reporter, **overrides):
    values = {
        "establishment": establishment,
        "school_year": SchoolYear.objects.get(start_year=2026),
        "reporter": reporter,
        "what": f"{AUTHOR} insulte {TARGET} tous les jours à la cantine.",
        "occurred_on": date(2026, 11, 20),
        "places": ["cantine"],
        "pupils": PUPILS,
    }
    return report_concern(**{**values, **overrides})
