"""The allocation screen's table rows (and its totals by person), rendered in Python.

A lycée's screen shows hundreds of rows: through the template engine each costs ~30 variable lookups, filters
and escapes (0.2 ms a row here, more than the rest of the page at 300 rows). The markup below is the row
template itself, filled in one `str.format` per row: every value is escaped, as a template would.
"""

from functools import lru_cache
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from missions.models import Periodicity
from missions.templatetags.french import euros, hours, imp

ROW = """<tr id="allocation-{pk}"{row_class}{oob}{focus}>
  <td>
    <a href="{person_url}">{name}</a>{hint}{mission}{badges}
    <details class="allocation-history fr-mt-1v" hx-get="{history_url}" hx-trigger="toggle once"
             hx-target="find .allocation-history__body" hx-swap="innerHTML">
      <summary class="fr-text--xs">Historique</summary>
      <div class="allocation-history__body fr-text--xs"><a href="{history_url}">Voir l'historique de l'attribution</a></div>
    </details>
  </td>
  <td>{form}</td>
  <td class="fr-cell--right nowrap">{quantity}</td>
  <td class="fr-cell--right nowrap">{units}</td>
  <td class="fr-cell--right nowrap">{amount}</td>
  <td>{periodicity}{dates}</td>
  <td class="nowrap">
    <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--right">{confirm}
      <li><a class="fr-btn fr-btn--sm fr-btn--secondary" href="{update_url}"
             hx-get="{update_url}" hx-target="closest tr" hx-swap="outerHTML">Modifier</a></li>
      <li><a class="fr-btn fr-btn--sm fr-btn--tertiary" href="{delete_url}"
             hx-post="{delete_url}" hx-trigger="confirmed" hx-target="closest tr" hx-swap="outerHTML"
             data-remove="Retirer l'attribution « {label} » ? Les IMP reviennent à l'enveloppe.">Retirer<span class="fr-sr-only"> {label}</span></a></li>
    </ul>
  </td>
</tr>
"""
HINT = ' <span class="fr-text--xs">({})</span>'
MISSION = '\n    <p class="fr-text--xs fr-mb-0 allocation-row__mission">{}</p>'
DRAFT = '\n    <p class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon fr-ml-1v">Brouillon</p>'
GONE = '\n    <p class="fr-badge fr-badge--sm fr-badge--warning fr-ml-1v">Plus en poste</p>'
DATES = '<br><span class="fr-text--xs">du {} au {}</span>'
CONFIRM = """
      <li><a class="fr-btn fr-btn--sm" href="{0}"
             hx-post="{0}" hx-target="closest tr" hx-swap="outerHTML">Valider</a></li>"""


# Texts shared by many rows (the same amount, the same count of IMP) are formatted once per page.
_euros, _imp = lru_cache(maxsize=256)(euros), lru_cache(maxsize=256)(imp)
PERIODICITIES = dict(Periodicity.choices)


def row_html(allocation, urls: dict, *, oob=False, show_mission=False, focus=False) -> str:
    """One allocation's table row. `urls`: its links, HTML-escaped (allocation_screen.RowUrls.for_row);
    `oob`: swapped out of band by htmx; `show_mission`: a row outside its mission's section names its mission;
    `focus`: the row just changed takes the focus (static/js/a11y.js). Removal asks in the screen's DSFR modal
    (`data-remove`).

    Values are escaped with the standard library's `html.escape` (what Django's `escape` does, without its
    lazy-string wrapper: a tenth of the cost, and a row has eighteen values).
    """
    staff, pay = allocation.staff_member, allocation.is_pay
    dates = ""
    if allocation.is_one_off and allocation.start_date:
        dates = DATES.format(
            escape(date_format(allocation.start_date, "j F Y")),
            escape(date_format(allocation.end_date, "j F Y")),
        )
    html = ROW.format(
        pk=allocation.pk,
        row_class=' class="allocation--draft"' if allocation.is_draft else "",
        oob=' hx-swap-oob="true"' if oob else "",
        focus=" data-focus" if focus else "",
        person_url=urls["person"],
        name=escape(staff.full_name),
        # what tells homonyms apart (allocation_screen.mark_homonyms)
        hint=HINT.format(escape(hint)) if (hint := getattr(allocation, "person_hint", "")) else "",
        mission=MISSION.format(escape(allocation.mission.title)) if show_mission else "",
        badges=(DRAFT if allocation.is_draft else "") + (GONE if not staff.active else ""),
        history_url=urls["history"],
        form=escape(allocation.rate.label if pay else "Décharge (ARE)"),
        quantity=allocation.count if pay else escape(hours(allocation.discharge_hours)),
        units=escape(_imp(allocation.units)),
        amount=escape(_euros(allocation.amount)) if pay else "—",
        periodicity=escape(PERIODICITIES.get(allocation.periodicity, allocation.periodicity)),
        dates=dates,
        confirm=CONFIRM.format(urls["confirm"]) if allocation.is_draft else "",
        update_url=urls["update"],
        delete_url=urls["delete"],
        label=escape(str(allocation)),
    )
    return mark_safe(html)


PERSON_ROW = """<tr id="person-{staff_id}-total"{oob}>
  <td><a href="{url}">{name}</a></td>
  <td class="fr-cell--right nowrap">{units}</td>
  <td class="fr-cell--right nowrap">{amount}</td>
  <td>{cap}</td>
</tr>
"""
OVER_CAP = '<p class="fr-badge fr-badge--sm fr-badge--warning">Au-delà de 7 500 € par an</p>'


def person_rows_html(people, *, oob=False) -> str:
    """Each person's year total against the 7 500 € cap of tax-exempt overtime (art. 81 quater CGI), from the
    dicts of allocation_screen.person_rows: one row per person, as `row_html` renders allocations (150 people
    through the template engine cost 2.3 ms)."""
    return mark_safe(
        "".join(
            PERSON_ROW.format(
                staff_id=person["staff_id"],
                oob=' hx-swap-oob="true"' if oob else "",
                url=person["url"],  # escaped by RowUrls
                name=escape(person["name"]),
                units=escape(person["units"]),
                amount=escape(person["amount"]),
                cap=OVER_CAP if person["over_cap"] else "",
            )
            for person in people
        )
    )
