"""The allocation screen's rows rendered in Python (missions.views.allocation_rows), for its templates."""

from django import template

from missions.views.allocation_rows import person_rows_html

register = template.Library()


@register.filter
def person_total_rows(people, oob=False):
    """`{{ people|person_total_rows }}`, or `…:oob` to swap them out of band (htmx)."""
    return person_rows_html(people, oob=bool(oob))
