"""What the allocation screen shows, loaded in a fixed number of queries whatever the number of rows.

Shared by the views of missions.views.allocations: the page itself, and the htmx answers after a change
(the changed row plus out-of-band swaps of the gauge, the mission subtotals and the person totals).
"""

from html import escape

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from missions.forms.allocations import AllocationForm
from missions.forms.people import shared_among, shared_names
from missions.models import Allocation, Mission, StaffMember
from missions.services.alerts import SEXES, equality_summary, repartition_alerts
from missions.services.allocation_history import allocation_history, envelope_history
from missions.services.allocations import (
    Totals,
    describe_changes,
    mission_subtotals,
    person_and_mission_totals,
    person_totals,
)
from missions.services.catalogue import eps_suggestion_for, is_eps_coordination
from missions.services.envelopes import summarize
from missions.templatetags.french import euros, imp
from missions.views.allocation_rows import row_html
from missions.views.base import breadcrumb, school_years, url_for_year

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
    """Allocations with their rate (joined: four small columns). The envelope, missions and people are not
    joined: `loaded_rows` gives every row the objects loaded once (at 300 rows, 40 missions and 150 people
    rather than 300 of each; model objects are most of a row's cost)."""
    return (
        Allocation.objects.filter(envelope=envelope)
        .select_related("rate")
        # timestamps no row shows: a datetime costs a conversion per row and field
        .defer("created_at", "updated_at")
        .order_by("mission__category", "mission__title", "staff_member__sort_key", "pk")
    )


def holders(envelope) -> dict[int, StaffMember]:
    """The people holding an allocation of `envelope` (drafts included), by id: one query."""
    held = Allocation.objects.filter(envelope=envelope).values("staff_member_id")
    people = StaffMember.objects.filter(pk__in=held).defer("created_at", "updated_at", "search_key")
    return {person.pk: person for person in people}


class RowUrls:
    """The links of a row, reversed once per page rather than five times per row (300 rows: 1 500 reverses),
    and HTML-escaped once: a row's links differ only by a number."""

    SENTINEL = "987654321"
    NAMES = {
        "update": "allocation_update",
        "delete": "allocation_delete",
        "confirm": "allocation_confirm",
        "person": "person_allocations",
        "history": "allocation_history",
    }

    def __init__(self, uai):
        self.parts = {
            key: escape(reverse(name, args=[uai, self.SENTINEL])).split(self.SENTINEL)
            for key, name in self.NAMES.items()
        }

    def person_url(self, staff_pk) -> str:
        head, tail = self.parts["person"]
        return f"{head}{staff_pk}{tail}"

    def for_row(self, allocation) -> dict:
        """The row's links, HTML-escaped."""
        pk, staff_pk = allocation.pk, allocation.staff_member_id
        return {
            key: f"{head}{staff_pk if key == 'person' else pk}{tail}"
            for key, (head, tail) in self.parts.items()
        }


def loaded_rows(allocations, envelope, urls: RowUrls, *, missions: dict, people: dict) -> list:
    """The allocations with their envelope, mission and person (the objects given, by id) and their links.

    Any the dicts lack are fetched (one query each, only then): the catalogue leaves out the missions the
    establishment archived, and an allocation added between the holders' query and this one brings a person
    not loaded yet. A row's history is not loaded here: it is fetched when the row's "Historique" is opened
    (allocation_history)."""
    allocations = list(allocations)
    missions = with_missing(missions, {allocation.mission_id for allocation in allocations}, Mission)
    people = with_missing(people, {allocation.staff_member_id for allocation in allocations}, StaffMember)
    for allocation in allocations:
        allocation.envelope = envelope
        allocation.mission = missions[allocation.mission_id]
        allocation.staff_member = people[allocation.staff_member_id]
        allocation.urls = urls.for_row(allocation)
    return allocations


def with_missing(loaded: dict, wanted: set, model) -> dict:
    missing = wanted - loaded.keys()
    return loaded | model.objects.in_bulk(missing) if missing else loaded


def one_row(envelope, pk, urls: RowUrls):
    """One allocation loaded as the screen's rows are (the htmx answer to a change)."""
    row = rows_queryset(envelope).select_related("staff_member", "mission").get(pk=pk)
    missions, people = {row.mission_id: row.mission}, {row.staff_member_id: row.staff_member}
    return loaded_rows([row], envelope, urls, missions=missions, people=people)[0]


def history_lines(allocation) -> list:
    """One allocation's events, newest first, each with its French lines (the event log stores the
    author's name: no join to the users)."""
    return [(event, describe_changes(event)) for event in allocation_history(allocation)]


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
        group = groups.setdefault(allocation.mission_id, {"mission": allocation.mission, "rows": []})
        group["rows"].append(row_html(allocation, allocation.urls))
    for mission_id, group in groups.items():
        group["subtotal"] = subtotals.get(mission_id, Totals())
        group["rows"] = mark_safe("".join(group["rows"]))  # each value escaped by row_html
    return list(groups.values())


def people_totals(rows, totals, urls: RowUrls):
    """Each person shown, with their year's total (warning above the 7 500 € tax-exemption cap)."""
    people = {allocation.staff_member_id: allocation.staff_member for allocation in rows}
    ordered = sorted(people.values(), key=lambda s: (s.sort_key, s.pk))
    return person_rows(((staff, totals.get(staff.pk)) for staff in ordered), urls)


def person_rows(people_and_totals, urls: RowUrls) -> list[dict]:
    """The rows of the totals by person, texts and links computed once here (see `row_values`)."""
    rows = []
    for staff, total in people_and_totals:
        total = total or Totals()
        rows.append(
            {
                "staff_id": staff.pk,
                "name": staff.full_name,
                "url": urls.person_url(staff.pk),
                "units": imp(total.units),
                "amount": euros(total.amount),
                "over_cap": total.over_cap,
            }
        )
    return rows


def screen_context(request, school_year, envelope, sums, filters, catalogue) -> dict:
    """Everything the screen shows, in a fixed number of queries: the rows are loaded once and serve the
    table, the totals by person and the alerts."""
    context = {
        "school_year": school_year,
        "school_years": school_years(request),
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
    loaded = {"missions": {mission.pk: mission for mission in catalogue}, "people": holders(envelope)}
    every_row = loaded_rows(rows_queryset(envelope), envelope, urls, **loaded)
    rows = every_row
    if filters.is_filtering:
        rows = loaded_rows(filters.filter(rows_queryset(envelope)), envelope, urls, **loaded)
    totals, subtotals = person_and_mission_totals(every_row, envelope.school_year.imp_base_amount)
    mark_homonyms(rows)
    summary = summarize(envelope, totals=totals, sums=sums)
    context.update(
        summary=summary,
        groups=group_by_mission(rows, subtotals),
        people=people_totals(rows, totals, urls),
        alerts=repartition_alerts(
            envelope, summary=summary, totals=totals, rows=every_row, catalogue=catalogue
        ),
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
        row = one_row(envelope, allocation.pk, urls)
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
        # the row: at the top of the table when new or moved (naming its mission), else swapped in place
        # the changed row takes the focus, unless the change was refused (the error message takes it)
        "row_html": row_html(
            row, row.urls, oob=not (added or moved), show_mission=added or moved, focus=not refused
        )
        if row
        else "",
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
        "person_totals": person_rows(
            (
                (staff, totals.get(staff.pk))
                for staff in StaffMember.objects.filter(pk__in=people - emptied_people)
                if staff.pk != new_person_pk
            ),
            urls,
        ),
        "emptied_people": sorted(emptied_people),
        "new_person": person_rows([(row.staff_member, totals.get(new_person_pk))], urls)
        if new_person_pk
        else [],
        "added": added or moved,
        "removed_pk": allocation.pk if removed or moved else None,
        "add_form": AllocationForm(**form_options) if added else None,
        "list_url": list_url(request, envelope.school_year),
    }
    response = render(request, "missions/allocations/_partials/changed.html", context)
    response["HX-Reswap"] = "none"  # everything above is swapped out of band
    return response
