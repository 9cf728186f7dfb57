"""Anonymous statistics for the CESC and the CA: counts only, never a name or a free text."""

import csv
import io
from collections import Counter
from statistics import median

from django.utils import timezone
from django.utils.html import escape

from harcelement.models import Case, EntryKind, Form, PupilInvolvement

MONTHS = ["sept.", "oct.", "nov.", "déc.", "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août"]


def statistics(establishment, school_year) -> dict:
    cases = list(
        Case.objects.filter(establishment=establishment, school_year=school_year).prefetch_related(
            "pupils", "entries"
        )
    )
    by_month = Counter()
    by_form, by_level, by_status = Counter(), Counter(), Counter()
    delays = []
    for case in cases:
        month = timezone.localdate(case.created_at).month
        by_month[MONTHS[(month - 9) % 12]] += 1
        for form in case.forms:
            by_form[Form(form).label if form in Form.values else form] += 1
        for pupil in case.pupils.all():
            if pupil.role == PupilInvolvement.Role.TARGET:
                by_level[pupil.level] += 1
        by_status[case.get_status_display()] += 1
        interviews = [e.occurred_at for e in case.entries.all() if e.kind == EntryKind.TARGET_INTERVIEW]
        if interviews:
            delays.append(max((min(interviews) - case.created_at).total_seconds() / 86400, 0))
    return {
        "total": len(cases),
        "by_month": [(label, by_month[label]) for label in MONTHS],
        "by_form": sorted(by_form.items(), key=lambda item: -item[1]),
        "by_level": sorted(by_level.items()),
        "by_status": [(label, by_status[label]) for label in Case.Status.labels],
        "first_interview_median_days": round(median(delays), 1) if delays else None,
        "first_interview_count": len(delays),
    }


def bar_chart(title: str, rows, *, width=560, bar_height=22) -> str:
    """A horizontal bar chart as SVG markup (server-side, no script), accessible through its title."""
    rows = list(rows)
    top = max((value for _, value in rows), default=0) or 1
    label_width, gap = 170, 6
    height = max(len(rows), 1) * (bar_height + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="phare-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart-{abs(hash(title))}">',
        f'<title id="chart-{abs(hash(title))}">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * (bar_height + gap)
        bar = int((width - label_width - 50) * value / top)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7}" text-anchor="end" '
            f'font-size="13">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" fill="#000091"></rect>'
            f'<text x="{label_width + bar + 6}" y="{y + bar_height * 0.7}" font-size="13">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def statistics_csv(stats: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["indicateur", "valeur", "nombre"])
    writer.writerow(["situations", "total", stats["total"]])
    for key, name in [
        ("by_month", "mois"),
        ("by_form", "forme"),
        ("by_level", "niveau (élèves cibles)"),
        ("by_status", "statut"),
    ]:
        for label, count in stats[key]:
            writer.writerow([name, label, count])
    median_days = stats["first_interview_median_days"]
    writer.writerow(
        [
            "délai médian signalement → premier entretien (jours)",
            "" if median_days is None else str(median_days).replace(".", ","),
            stats["first_interview_count"],
        ]
    )
    return out.getvalue()
