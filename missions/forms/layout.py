"""Layout objects of the "dsfr" crispy-forms template pack (templates/dsfr/).

Fields themselves render through django-dsfr's field templates (templates/dsfr/field.html calls
`as_field_group`), so a field looks the same wherever it appears; these objects only arrange fields on the
DSFR grid, group them in fieldsets and lay out buttons.

    Layout(
        Fieldset("Identité", "usage_name", "first_name", hint="Telle qu'inscrite dans STSWeb."),
        Row(Column("start_date", md=6), Column("end_date", md=6)),
        ButtonsGroup(Submit("Enregistrer"), HTML('<a class="fr-btn fr-btn--secondary" href="…">Annuler</a>')),
    )
"""

from crispy_forms import layout
from crispy_forms.layout import HTML, Field, Layout
from crispy_forms.utils import TEMPLATE_PACK, flatatt, render_field
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

__all__ = ["HTML", "ButtonsGroup", "Column", "Div", "Field", "Fieldset", "Layout", "Row", "Submit"]


class Div(layout.Div):
    pass


class Fieldset(layout.Fieldset):
    """A DSFR fieldset: legend, an optional hint under it, each field in its own `fr-fieldset__element`."""

    def __init__(self, legend, *fields, hint="", inline=False, **kwargs):
        super().__init__(legend, *fields, **kwargs)
        self.hint = hint
        self.inline = inline

    def get_rendered_fields(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        css = "fr-fieldset__element fr-fieldset__element--inline" if self.inline else "fr-fieldset__element"
        return SafeString(
            "".join(
                f'<div class="{css}">{render_field(field, form, context, template_pack=template_pack, **kwargs)}</div>'
                for field in self.fields
            )
        )


class Row(layout.Row):
    """A row of the DSFR grid, with gutters."""


class Column(layout.Column):
    """A column of the DSFR grid: full width on phones, `md` twelfths from the medium breakpoint."""

    def __init__(self, *fields, md=None, lg=None, size=12, css_class=None, **kwargs):
        classes = [f"fr-col-{size}" if size else "fr-col"]
        if md:
            classes.append(f"fr-col-md-{md}")
        if lg:
            classes.append(f"fr-col-lg-{lg}")
        if css_class:
            classes.append(css_class)
        super().__init__(*fields, css_class=" ".join(classes), **kwargs)


class Submit(layout.TemplateNameMixin):
    """A DSFR button (`<button class="fr-btn">`), a submit button by default."""

    template = "%s/layout/button.html"

    def __init__(self, label, *, name=None, value=None, type="submit", css_class="", **kwargs):
        self.label = label
        self.name = name
        self.value = value
        self.type = type
        self.css_class = css_class
        self.flat_attrs = flatatt(kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"button": self})


class ButtonsGroup(layout.LayoutObject):
    """A DSFR buttons group (`fr-btns-group`): each button (or HTML link) in its own list item."""

    template = "%s/layout/buttons_group.html"

    def __init__(self, *buttons, inline="md", size="", css_class="", **kwargs):
        self.fields = list(buttons)
        classes = ["fr-btns-group"]
        if inline:
            classes.append("fr-btns-group--inline" if inline is True else f"fr-btns-group--inline-{inline}")
        if size:
            classes.append(f"fr-btns-group--{size}")
        if css_class:
            classes.append(css_class)
        self.css_class = " ".join(classes)
        self.flat_attrs = flatatt(kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        items = [render_field(button, form, context, template_pack=template_pack) for button in self.fields]
        # rendered HTML, trimmed; an HTML button shown on a condition may be empty
        items = [SafeString(item.strip()) for item in items if item.strip()]
        return render_to_string(self.get_template_name(template_pack), {"group": self, "items": items})
