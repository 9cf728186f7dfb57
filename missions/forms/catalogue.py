"""The form for an establishment's own mission (created, adapted from a national one, or edited)."""

from django import forms

from missions.forms.base import DsfrModelForm
from missions.forms.layout import Column, Fieldset, Layout, Row
from missions.models import Mission, Rate
from missions.templatetags.french import euros


def rate_label_for(school_year):
    """Rates shown with their amount for the school year, e.g. "Demi-taux — 625,00 €"."""

    def label(rate):
        return f"{rate.label} — {euros(rate.amount(school_year))}" if school_year else rate.label

    return label


class MissionForm(DsfrModelForm):
    """What the establishment decides about its own mission; the code and the ownership are the service's."""

    class Meta:
        model = Mission
        fields = [
            "title",
            "category",
            "periodicity",
            "description",
            "tasks",
            "suggested_rate",
            "allowed_rates",
            "legal_reference",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "tasks": forms.Textarea(attrs={"rows": 6}),
            "allowed_rates": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "category": "Les missions prioritaires sont celles de l'article 6 du décret n° 2015-475.",
            "periodicity": "Annuelle : payée par neuvièmes ; ponctuelle : payée une fois, après service fait.",
        }

    def __init__(self, *args, school_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        rates = Rate.objects.order_by("multiplier")
        for name in ("suggested_rate", "allowed_rates"):
            self.fields[name].queryset = rates
            self.fields[name].label_from_instance = rate_label_for(school_year)
        self.fields["suggested_rate"].required = True
        self.fields["suggested_rate"].empty_label = "— Choisir un taux —"
        self.fields[
            "allowed_rates"
        ].help_text = "Les taux que la répartition pourra retenir pour cette mission."

    def get_layout(self):
        return Layout(
            Fieldset(
                "La mission",
                "title",
                Row(Column("category", md=6), Column("periodicity", md=6)),
                "description",
                "tasks",
                "legal_reference",
            ),
            Fieldset(
                "Rémunération",
                "suggested_rate",
                "allowed_rates",
                hint="Montants au taux de l'année scolaire ; une part de mission vaut au moins un quart d'IMP.",
            ),
        )

    def mission_fields(self) -> dict:
        """The cleaned values as keyword arguments for the catalogue service."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
