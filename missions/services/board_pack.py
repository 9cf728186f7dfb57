"""The CA pack of one frozen version: what the pages, the PDF and the spreadsheets show.

Everything comes from the version's snapshot (and the snapshot of the version before it), so the pack reads the
same on the day of the meeting and years later; the questions, the avis and the vote are added around it.
"""

from decimal import Decimal

from missions.models import BoardVote, PlanVersion
from missions.services import board, board_snapshot
from missions.services.exports import AMOUNT_HEADERS

SEX_LABELS = {"F": "Femmes", "M": "Hommes", "?": "Non renseigné"}


def previous_version(version) -> PlanVersion | None:
    if version.cycle.pk is None:
        return None
    return version.cycle.versions.filter(number__lt=version.number).order_by("-number").first()


def sex_split(summary) -> list[dict]:
    allocated = Decimal(summary["allocated_amount"])
    return [
        {
            "label": SEX_LABELS.get(sex, sex),
            "people": group["people"],
            "amount": Decimal(group["amount"]),
            "share": (Decimal(group["amount"]) * 100 / allocated).quantize(Decimal("0.1"))
            if allocated
            else 0,
        }
        for sex, group in sorted(summary["by_sex"].items(), key=lambda item: ("FM?".index(item[0]), item[0]))
    ]


def build_pack(version) -> dict:
    snapshot = version.snapshot
    display = snapshot["person_display"]
    previous = previous_version(version)
    last_year = snapshot.get("last_year")
    summary = snapshot["summary"]
    return {
        "version": version,
        "cycle": version.cycle,
        "snapshot": snapshot,
        "verified": board.verify(version),
        "summary": {
            key: Decimal(value) if isinstance(value, str) else value for key, value in summary.items()
        },
        "sex_split": sex_split(summary),
        "categories": [
            {**category, "share": Decimal(category["share"])} for category in snapshot["categories"]
        ],
        "by_mission": board_snapshot.by_mission(snapshot),
        "by_person": board_snapshot.by_person(snapshot),
        "previous": previous,
        "diff_previous": board_snapshot.diff(previous.snapshot if previous else None, snapshot, display),
        "last_year": last_year,
        "diff_last_year": board_snapshot.diff(last_year, snapshot, display) if last_year else None,
        # a draft (unsaved, not yet presented) has no questions nor vote
        "is_draft": version.pk is None,
        "questions": list(version.questions.select_related("answered_by").order_by("asked_at", "pk"))
        if version.pk
        else [],
        "avis": board.latest_avis(version.cycle),
        "vote": BoardVote.objects.filter(version=version).first() if version.pk else None,
        "shows_initials": display == "initials",
    }


SPREADSHEET_HEADERS = [
    "Mission",
    "Catégorie",
    "Personne",
    "Taux",
    "Nombre",
    "Décharge ARE (h)",
    "IMP décomptées",
    AMOUNT_HEADERS[0],  # the writers format this column as money
]


def spreadsheet_rows(version) -> tuple[list[str], list[list]]:
    """The version by mission, one line per holder, in the snapshot's own terms (names or initials)."""
    rows = []
    for mission in board_snapshot.by_mission(version.snapshot):
        for holder in mission["holders"]:
            rows.append(
                [
                    mission["title"],
                    mission["category"],
                    holder["label"],
                    holder["rate_label"],
                    holder["count"],
                    Decimal(holder["discharge_hours"]) if holder["discharge_hours"] else None,
                    Decimal(holder["units"]),
                    Decimal(holder["amount"]),
                ]
            )
    return SPREADSHEET_HEADERS, rows


def filename(version, fmt) -> str:
    cycle = version.cycle
    return f"dossier-ca-imp-{cycle.establishment.uai}-{cycle.school_year.label}-v{version.number}.{fmt}"
