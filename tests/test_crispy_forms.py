"""Forms are laid out by django-crispy-forms with our "dsfr" pack (templates/dsfr/, missions/forms/layout.py)."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import dsfr
import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from dsfr.enums import RichRadioButtonChoices

import missions.forms
from missions.forms.base import DsfrForm, DsfrFormMixin
from missions.forms.layout import HTML, ButtonsGroup, Column, Fieldset, Layout, Row, Submit
from missions.services.accounts import invitation_path
from tests.factories import UserFactory
from tests.test_authorization_matrix import build_objects

PACK_DIR = Path(settings.BASE_DIR) / "templates" / "dsfr"


class Contact(RichRadioButtonChoices):
    MAIL = {"value": "mail", "label": "Par courriel", "html_label": "<strong>Par courriel</strong>"}
    PHONE = {"value": "phone", "label": "Par téléphone"}


class SampleForm(DsfrForm):
    first_name = forms.CharField(label="Prénom")
    last_name = forms.CharField(label="Nom", help_text="Tel qu'il figure dans STSWeb.")
    start = forms.CharField(label="Début")
    end = forms.CharField(label="Fin")
    contact = forms.ChoiceField(label="Être prévenu", choices=Contact.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dsfr.widgets import RichRadioSelect

        self.fields["contact"].widget = RichRadioSelect(extended_choices=Contact)

    def get_layout(self):
        return Layout(
            Fieldset(
                "Identité",
                "first_name",
                "last_name",
                hint="Comme sur la pièce d'identité.",
                css_id="identite",
            ),
            Row(Column("start", md=6), Column("end", md=6)),
            "contact",
            ButtonsGroup(
                Submit("Enregistrer"), HTML('<a class="fr-btn fr-btn--secondary" href="/">Annuler</a>')
            ),
        )

    def clean(self):
        raise forms.ValidationError("Les dates se chevauchent.")


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_the_pack_lays_out_fieldsets_rows_hints_errors_and_buttons_with_dsfr_classes(db):
    form = SampleForm(
        data={"first_name": "Anne", "last_name": "", "start": "a", "end": "b", "contact": "mail"}
    )
    form.is_valid()
    html = render("{% crispy form %}", form=form)

    assert 'data-form-pack="dsfr"' in html
    # fieldset: legend and its hint, each field in a fieldset element
    assert '<fieldset class="fr-fieldset" id="identite" aria-labelledby="identite-legend">' in html
    assert (
        'id="identite-legend">Identité<span class="fr-hint-text">Comme sur la pièce d&#x27;identité.</span>'
        in html
    )
    assert html.count('<div class="fr-fieldset__element">') >= 2
    # row and columns on the DSFR grid
    assert '<div class="fr-grid-row fr-grid-row--gutters">' in html
    assert html.count('<div class="fr-col-12 fr-col-md-6">') == 2
    # a field's hint and its error, in django-dsfr's markup
    assert (
        """<span class="fr-hint-text" id="id_last_name_helptext">Tel qu'il figure dans STSWeb.</span>"""
        in html
    )
    assert "fr-input-group--error" in html
    assert 'aria-describedby="id_last_name-desc-error"' in html
    assert '<div id="id_last_name-desc-error">' in html and "fr-error-text" in html
    # the non-field error: a DSFR alert
    assert '<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert" tabindex="-1">' in html
    assert "<p>Les dates se chevauchent.</p>" in html
    # radio-rich choices through django-dsfr's own template
    assert "fr-radio-rich" in html and "<strong>Par courriel</strong>" in html
    # buttons group
    assert (
        '<ul class="fr-btns-group fr-btns-group--inline-md"><li><button type="submit" class="fr-btn">Enregistrer</button></li>'
        in html
    )
    assert '<li><a class="fr-btn fr-btn--secondary" href="/">Annuler</a></li></ul>' in html


def test_a_form_without_a_layout_and_the_filter_and_plain_rendering_go_through_the_pack(db):
    class Plain(DsfrForm):
        name = forms.CharField(label="Nom", required=False)

    form = Plain()
    for html in (render("{% crispy form %}", form=form), str(form), render("{{ form|crispy }}", form=form)):
        assert '<label for="id_name" class="fr-label">' in html
        assert "Nom (Optionnel)" in " ".join(html.split())
    assert 'data-form-pack="dsfr"' in str(form)


def test_a_field_missing_from_the_form_is_an_error_not_a_silent_gap(db):
    class Broken(DsfrForm):
        name = forms.CharField()

        def get_layout(self):
            return Layout("name", "nom")

    with pytest.raises(Exception, match="nom"):
        render("{% crispy form %}", form=Broken())


def test_a_field_left_out_of_the_layout_is_an_error_not_a_silent_gap():
    class Forgetful(DsfrForm):
        name = forms.CharField()
        note = forms.CharField()
        token = forms.CharField(widget=forms.HiddenInput)

        def get_layout(self):
            return Layout("name")

    with pytest.raises(ImproperlyConfigured, match="ne place pas : note"):
        Forgetful().helper  # noqa: B018
    html = render(
        "{% crispy form %}",
        form=type("Fine", (Forgetful,), {"get_layout": lambda self: Layout("name", "note")})(),
    )
    assert 'type="hidden" name="token"' in html  # hidden fields need no place


def test_the_template_pack_is_known_and_complete():
    assert settings.CRISPY_TEMPLATE_PACK == "dsfr"
    assert settings.CRISPY_ALLOWED_TEMPLATE_PACKS == ("dsfr",)
    assert "crispy_forms" in settings.INSTALLED_APPS
    for name in ("field", "filter_field", "errors", "uni_form", "whole_uni_form", "crispy_form") + tuple(
        f"layout/{n}" for n in ("fieldset", "row", "column", "div", "button", "buttons_group")
    ):
        get_template(f"dsfr/{name}.html")
    # Our pack sits beside django-dsfr's templates/dsfr/: it must not hide any of its files.
    theirs = Path(dsfr.__file__).parent / "templates" / "dsfr"
    ours = {path.relative_to(PACK_DIR) for path in PACK_DIR.rglob("*.html")}
    assert ours and not {path for path in ours if (theirs / path).exists()}


def project_form_classes():
    found = set()
    for module_info in pkgutil.iter_modules(missions.forms.__path__):
        module = importlib.import_module(f"missions.forms.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.add(cls)
    return found


# ExportForm reads a query string; AdminLoginForm is drawn by the Django admin's own sign-in page.
NOT_DISPLAYED = {"ExportForm", "AdminLoginForm"}


def test_every_form_of_the_project_is_laid_out_by_the_pack():
    classes = project_form_classes()
    assert len(classes) >= 12
    for cls in classes:
        if cls.__name__ in NOT_DISPLAYED:
            continue
        assert issubclass(cls, DsfrFormMixin), f"{cls.__name__} n'hérite pas de DsfrFormMixin"


def form_pages(establishment, objects, invited):
    uai = establishment.uai
    return {
        ("head", reverse("allocation_list", args=[uai])): 1,  # the filters
        ("head", reverse("allocation_create", args=[uai])): 1,
        ("head", reverse("allocation_update", args=[uai, objects["allocation"].pk])): 1,
        ("head", reverse("envelope_detail", args=[uai])): 1,
        ("head", reverse("allocation_service_done", args=[uai, objects["one_off_allocation"].pk])): 1,
        ("head", reverse("mission_create", args=[uai])): 1,
        ("head", reverse("mission_update", args=[uai, objects["own_mission"].pk])): 1,
        ("head", reverse("mission_adapt", args=[uai, objects["national_mission"].pk])): 1,
        ("head", reverse("role_create", args=[uai])): 2,
        ("head", reverse("staff_list", args=[uai])): 1,
        ("head", reverse("staff_create", args=[uai])): 1,
        ("head", reverse("staff_update", args=[uai, objects["staff_member"].pk])): 1,
        ("head", reverse("sts_import_upload", args=[uai])): 1,
        (None, reverse("login")): 1,
        (None, reverse("password_reset")): 1,
        (None, invitation_path(invited)): 1,  # the set-password form
    }


def test_every_form_page_renders_its_forms_through_crispy(client, personas, establishment, school_year):
    objects = build_objects(establishment, school_year, personas)
    invited = UserFactory(email="invitee@example.org", password=None)
    invited.set_unusable_password()
    invited.save()
    for (persona, url), expected in form_pages(establishment, objects, invited).items():
        client.logout()
        if persona:
            client.force_login(getattr(personas, persona))
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count('data-form-pack="dsfr"') == expected, url


def test_html_layout_objects_read_the_page_context(rf: RequestFactory):
    """HTML layout objects read the page's context (here the staff list's "Tout afficher" link)."""
    from missions.forms.staff import StaffFilterForm

    request = rf.get("/")
    request.establishment = type("E", (), {"uai": "0750654D"})()
    html = render("{% crispy form %}", form=StaffFilterForm({"q": "x"}), is_filtered=True, request=request)
    assert '<a class="fr-link fr-ml-1w" href="/etablissements/0750654D/personnels/">Tout afficher</a>' in html
    assert "(Optionnel)" not in html


def test_no_template_lays_out_fields_by_hand():
    """Fields are placed by layouts: outside the pack, no template renders a field or a whole form itself."""
    by_hand = re.compile(r"\.as_field_group|\{\{\s*\w*form\s*\}\}|\{\{\s*\w*form\.\w+\s*\}\}|form_snippet")
    offenders = []
    for template in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        if PACK_DIR in template.parents:
            continue
        offenders += [f"{template.name}: {match}" for match in by_hand.findall(template.read_text())]
    assert offenders == []
