"""What the allocation screen shows, loaded in a fixed number of queries whatever the number of rows.

Shared by the views of missions.views.allocations: the page itself, and the htmx answers after a change
(the changed row plus out-of-band swaps of the gauge, the mission subtotals and the person totals).
"""

from collections import defaultdict

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from missions.forms.allocations import AllocationForm
from missions.forms.people import shared_among, shared_names
from missions.models import Allocation, Mission, SchoolYear, StaffMember
from missions.services.alerts import SEXES, equality_summary, repartition_alerts
from missions.services.allocation_history import allocation_history, envelope_history
from missions.services.allocations import Totals, describe_changes, mission_subtotals, person_totals
from missions.services.catalogue import eps_suggestion_for, is_eps_coordination
from missions.services.envelopes import summarize
from missions.views.base import breadcrumb, url_for_year

RECENT_EVENTS = 15


def as_pk(value) -> int | None:
    """A primary key from the query string, or None: `str.isdigit` alone accepts "²", which `int` refuses."""
    value = str(value) if value is not None else ""
    return int(value) if value.isascii() and value.isdigit() else None


def catalogue_for(establishment):
    """The missions a new allocation may use: national and own ones, archived ones and (in a collège) the
    lycées' ones excluded."""
    return Mission.objects.offered_to(establishment).select_related("suggested_rate")


def list_url(request, school_year) -> str:
    return url_for_year("allocation_list", school_year, request.establishment.uai)


def screen_page(request, school_year, current: str) -> dict:
    """The frame of a page opened from the allocation screen: the way back to it, the menu, the breadcrumb."""
    url = list_url(request, school_year)
    return {
        "list_url": url,
        "nav": "allocations",
        "breadcrumb_data": breadcrumb(request, current, {"url": url, "title": "Répartition des IMP"}),
    }


def rows_queryset(envelope):
    """Allocations with everything a row shows (related rows joined: no query per row)."""
    return (
        Allocation.objects.filter(envelope=envelope)
        .select_related("staff_member", "mission", "rate", "envelope__school_year")
        .defer("mission__description", "mission__tasks", "mission__legal_reference")
        .order_by("mission__category", "mission__title", "staff_member__sort_key", "pk")
    )


class RowUrls:
    """The links of a row, reversed once per page rather than four times per row (300 rows: 1 200 reverses)."""

    SENTINEL = 987654321
    NAMES = {
        "update": "allocation_update",
        "delete": "allocation_delete",
        "confirm": "allocation_confirm",
        "person": "person_allocations",
    }

    def __init__(self, uai):
        self.patterns = {key: reverse(name, args=[uai, self.SENTINEL]) for key, name in self.NAMES.items()}

    def for_row(self, allocation) -> dict:
        pks = {"person": allocation.staff_member_id}
        return {
            key: pattern.replace(str(self.SENTINEL), str(pks.get(key, allocation.pk)))
            for key, pattern in self.patterns.items()
        }


def histories(envelope) -> dict[str, list]:
    """Each allocation's events, by allocation id, in one query over the envelope's history."""
    by_allocation = defaultdict(list)
    # the envelope's scope also holds its dotations' corrections: only allocation events go to rows
    events = envelope_history(envelope).filter(object_type="allocation")
    for event in events.only("at", "action", "changes", "actor_name", "object_id"):
        by_allocation[event.object_id].append(event)
    return by_allocation


def with_history(allocation, urls: RowUrls, events: list):
    allocation.history = [(event, describe_changes(event)) for event in events]
    allocation.urls = urls.for_row(allocation)
    return allocation


def mark_homonyms(rows, shared=None) -> None:
    """Rows of people sharing a name say what tells them apart (discipline, birth year or STSWeb id).

    `shared`: the shared names when known; else those among `rows` (no query)."""
    shared = shared_names({a.staff_member for a in rows}) if shared is None else shared
    for allocation in rows:
        person = allocation.staff_member
        allocation.person_hint = person.distinguishing(homonym=True) if person.sort_key in shared else ""


def group_by_mission(rows, subtotals):
    groups: dict[int, dict] = {}
    for allocation in rows:
        group = groups.setdefault(allocation.mission_id, {"mission": allocation.mission, "allocations": []})
        group["allocations"].append(allocation)
    for mission_id, group in groups.items():
        group["subtotal"] = subtotals.get(mission_id, Totals())
    return list(groups.values())


def people_of(rows, totals):
    """Each person shown, with their year's total (warning above the 7 500 € tax-exemption cap)."""
    people = {allocation.staff_member_id: allocation.staff_member for allocation in rows}
    return [
        {"staff_member": staff, "total": totals.get(staff.pk)}
        for staff in sorted(people.values(), key=lambda s: (s.sort_key, s.pk))
    ]


def screen_context(request, school_year, envelope, filters) -> dict:
    context = {
        "school_year": school_year,
        "school_years": SchoolYear.objects.order_by("-start_year"),
        "envelope": envelope,
        "summary": None,
        "filters": filters,
        "groups": [],
        "people": [],
        "alerts": [],
        "equality": [],
        "recent_events": [],
        "draft_count": 0,
        "export_kinds": [
            ("personne", "Par personne"),
            ("mission", "Par mission"),
            ("mois", "Échéancier mensuel"),
        ],
        "export_formats": ["csv", "ods", "xlsx"],
        "list_url": list_url(request, school_year),
        "nav": "allocations",
        "breadcrumb_data": breadcrumb(request, f"Répartition des IMP {school_year.label}"),
    }
    if envelope is None:
        return context
    urls = RowUrls(request.establishment.uai)
    events = histories(envelope)
    rows = [
        with_history(allocation, urls, events.get(str(allocation.pk), []))
        for allocation in filters.filter(rows_queryset(envelope))
    ]
    mark_homonyms(rows)
    totals = person_totals(envelope)
    summary = summarize(envelope, totals=totals)
    context.update(
        summary=summary,
        groups=group_by_mission(rows, mission_subtotals(envelope)),
        people=people_of(rows, totals),
        alerts=repartition_alerts(envelope, summary=summary, totals=totals),
        equality=equality_rows(envelope),
        recent_events=[
            (event, describe_changes(event)) for event in envelope_history(envelope)[:RECENT_EVENTS]
        ],
        draft_count=sum(1 for allocation in rows if allocation.is_draft),
    )
    return context


def equality_rows(envelope):
    """The equality line by sex; "Non renseigné" only when some staff have no sex recorded (else an empty row)."""
    unknown = dict(SEXES)[""]  # the label of "no sex recorded"
    return [row for row in equality_summary(envelope) if row.staff_count or row.label != unknown]


def mission_hint(establishment, form, school_year) -> dict | None:
    """The chosen mission's suggested rate, and for the EPS coordination the computed suggestion."""
    value = as_pk(form.data.get("mission") if form.is_bound else form.initial.get("mission"))
    if value is None:
        return None
    mission = catalogue_for(establishment).select_related("adapted_from").filter(pk=value).first()
    if mission is None:
        return None
    return {
        "mission": mission,
        "suggested_amount": mission.suggested_rate.amount(school_year) if mission.suggested_rate else None,
        "eps": eps_suggestion_for(establishment) if is_eps_coordination(mission) else None,
    }


def changed_response(
    request, allocation, text, *, added=False, removed=False, refused=False, previous=None, form_options=None
):
    """The htmx answer to a change: the row (none once removed) and out-of-band swaps of the figures."""
    envelope = allocation.envelope
    missions = {allocation.mission_id}
    people = {allocation.staff_member_id}
    if previous:
        missions.add(previous[0])
        people.add(previous[1])
    urls = RowUrls(request.establishment.uai)
    row = None
    if not removed:
        row = with_history(
            rows_queryset(envelope).get(pk=allocation.pk), urls, list(allocation_history(allocation))
        )
        colleagues = StaffMember.objects.filter(establishment=request.establishment)
        mark_homonyms([row], shared_among(colleagues, {row.staff_member.sort_key}))
    subtotals = mission_subtotals(envelope)
    totals = person_totals(envelope)
    # A person or a mission left without any allocation (drafts included) leaves the page, as on a reload.
    still_held = Allocation.objects.filter(envelope=envelope).filter(
        Q(staff_member_id__in=people) | Q(mission_id__in=missions)
    )
    pairs = set(still_held.values_list("staff_member_id", "mission_id"))
    emptied_people = people - {staff_pk for staff_pk, _ in pairs}
    emptied_missions = missions - {mission_pk for _, mission_pk in pairs}
    # A new row, or one whose mission changed, is not under its mission's heading: it goes to the top of the
    # table and names its mission. A person's first allocation adds their line to the totals by person.
    moved = bool(previous) and previous[0] != allocation.mission_id
    new_holder = added or (bool(previous) and previous[1] != allocation.staff_member_id)
    held = totals.get(allocation.staff_member_id)
    new_person_pk = allocation.staff_member_id if new_holder and held and held.holders == 1 else None
    summary = summarize(envelope, totals=totals)
    context = {
        "allocation": row,
        "summary": summary,
        "alerts": repartition_alerts(envelope, summary=summary, totals=totals),
        "equality": equality_rows(envelope),
        "school_year": envelope.school_year,
        "envelope": envelope,
        "oob": True,
        "message": text,
        "message_level": "error" if refused else "success",
        "subtotals": [
            (pk, subtotals.get(pk, Totals()))
            for pk in missions - emptied_missions
            # a mission's first holder: it has no heading nor subtotal row on the page yet
            if not (
                (added or moved) and pk == allocation.mission_id and subtotals.get(pk, Totals()).holders <= 1
            )
        ],
        "emptied_missions": sorted(emptied_missions),
        "person_totals": [
            (staff, totals.get(staff.pk))
            for staff in StaffMember.objects.filter(pk__in=people - emptied_people)
            if staff.pk != new_person_pk
        ],
        "emptied_people": sorted(emptied_people),
        "new_person": (row.staff_member, totals.get(new_person_pk)) if new_person_pk else None,
        "added": added or moved,
        "removed_pk": allocation.pk if removed or moved else None,
        "add_form": AllocationForm(**form_options) if added else None,
        "list_url": list_url(request, envelope.school_year),
    }
    response = render(request, "missions/allocations/_partials/changed.html", context)
    response["HX-Reswap"] = "none"  # everything above is swapped out of band
    return response
