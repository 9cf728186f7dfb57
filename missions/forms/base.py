"""The one way forms render: django-crispy-forms with our "dsfr" template pack (templates/dsfr/), whose field
template is django-dsfr's own (`as_field_group`); optional fields marked "(optionnel)".

Each form describes its arrangement in `get_layout()` (missions.forms.layout: fieldsets, rows and columns
on the DSFR grid, buttons groups); the default is every field in order. Templates keep their own `<form>`
tag (action, htmx attributes, CSRF token) and render the fields with `{% crispy form %}`; `{{ form }}` goes
through crispy too, so there is no second way.

django-dsfr's DsfrBaseForm warns on every render about a transitional setting; these bases ask for the
future behaviour explicitly instead, and work for model forms too.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import cached_property
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr

from missions.forms.layout import Layout


class DsfrFormMixin:
    template_name = "dsfr/crispy_form.html"
    bound_field_class = DsfrBoundField
    # A filter form's fields are all optional: set to "dsfr/filter_field.html" to drop the "(optionnel)" marks.
    field_template = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def get_layout(self) -> Layout | None:
        """The form's arrangement; None lays out every field in order."""
        return None

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)  # a default layout of every field, in order
        helper.form_tag = False  # the template's <form> carries the action, htmx attributes and token
        helper.disable_csrf = True
        if self.field_template:
            helper.field_template = self.field_template
        helper.render_hidden_fields = True
        layout = self.get_layout()
        if layout is not None:
            # A field added to the form but not to its layout would silently vanish from the page.
            placed = {pointer.name for pointer in layout.get_field_names()}
            forgotten = [
                name
                for name, field in self.fields.items()
                if name not in placed and not field.widget.is_hidden
            ]
            if forgotten:
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.get_layout() ne place pas : {', '.join(forgotten)}"
                )
            helper.layout = layout
        return helper

    def get_context(self):
        context = super().get_context()
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class DsfrForm(DsfrFormMixin, forms.Form):
    pass


class DsfrModelForm(DsfrFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
