"""Forms of the allocation screen. They parse; the allocation service decides (missions.services.allocations)."""

from decimal import Decimal

from django import forms
from django.forms.models import ModelChoiceIterator

from missions.forms.base import DateInput, DsfrForm
from missions.forms.layout import HTML, ButtonsGroup, Column, Layout, Row, Submit
from missions.forms.people import OUT_OF_SCOPE_REASON, PersonChoiceField, search_people
from missions.models import Allocation, Dotation, Mission, Periodicity, Rate, StaffMember
from missions.models.bounds import MAX_DISCHARGE_HOURS, MAX_DOTATION_UNITS
from missions.models.staff import search_text
from missions.templatetags.french import format_decimal


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """Options grouped under `<optgroup>` by a label taken from each object (the queryset must be sorted by it)."""

    def __init__(self, field):
        super().__init__(field)
        self.group_of = field.group_of

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for obj in self.queryset:
            groups.setdefault(self.group_of(obj), []).append(self.choice(obj))
        yield from groups.items()


class GroupedModelChoiceField(forms.ModelChoiceField):
    iterator = GroupedModelChoiceIterator

    def __init__(self, *args, group_of, **kwargs):
        self.group_of = group_of
        super().__init__(*args, **kwargs)


class RateChoiceField(forms.ModelChoiceField):
    """Each rate with its amount for the year, e.g. "Demi-taux — 625,00 €" (arrêté du 27 avril 2015)."""

    def __init__(self, *args, school_year, **kwargs):
        self.school_year = school_year
        super().__init__(*args, **kwargs)

    def label_from_instance(self, rate):
        return f"{rate.label} — {format_decimal(rate.amount(self.school_year))} €"

    def offer_only(self, rates) -> None:
        """Show these rates only (the chosen mission's). Any rate still passes the form: the allocation service
        refuses one the mission does not allow, with the list of those it does (arrêté du 27 avril 2015)."""
        self.widget.choices = [(rate.pk, self.label_from_instance(rate)) for rate in rates]


class NeededForOneChoice:
    """A field needed for one choice only (a rate for an IMP, hours for a décharge, dates for a one-off mission).

    Not marked "(optionnel)": a head would read "Taux (optionnel)" then be told to choose a rate. It may be left
    empty; the allocation service says what is missing for the choice made.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, required=True, **kwargs)

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class ConditionalRateField(NeededForOneChoice, RateChoiceField):
    pass


class ConditionalIntegerField(NeededForOneChoice, forms.IntegerField):
    pass


class ConditionalDecimalField(NeededForOneChoice, forms.DecimalField):
    pass


class ConditionalDateField(NeededForOneChoice, forms.DateField):
    pass


def as_int(value) -> int | None:
    value = str(value) if value is not None else ""
    return int(value) if value.isascii() and value.isdigit() else None


class AllocationForm(DsfrForm):
    """One staff member × one mission: IMP at a rate, or a décharge (ARE) in hours."""

    use_required_attribute = False  # the browser cannot know which fields the chosen form needs

    chercher = forms.CharField(
        label="Chercher une personne",
        required=False,
        max_length=100,
        help_text="Nom, prénom ou discipline, sans se soucier des accents ni des majuscules.",
    )
    tous = forms.BooleanField(
        label="Proposer aussi les personnels hors du champ des IMP (direction, AED, secrétariat…)",
        required=False,
        help_text=f"Ils sont signalés : {OUT_OF_SCOPE_REASON}.",
    )
    staff_member = PersonChoiceField(
        label="Personnel",
        queryset=StaffMember.objects.none(),
        grouped=True,
        empty_label="— Choisir une personne —",
        help_text="Après chaque nom : discipline, et ce que la personne perçoit déjà cette année.",
    )
    mission = GroupedModelChoiceField(
        label="Mission",
        queryset=Mission.objects.none(),
        group_of=lambda mission: mission.get_category_display(),
        empty_label="— Choisir une mission —",
    )
    kind = forms.ChoiceField(
        label="Forme",
        choices=Allocation.Kind.choices,
        initial=Allocation.Kind.PAY,
        widget=forms.RadioSelect,
        help_text="Une indemnité (IMP) ou une décharge de service (ARE), jamais les deux pour la même mission.",
    )
    rate = ConditionalRateField(
        label="Taux",
        queryset=Rate.objects.all(),
        school_year=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Pour une indemnité.",
    )
    count = ConditionalIntegerField(
        label="Nombre", min_value=1, max_value=20, initial=1, help_text="Pour une indemnité."
    )
    discharge_hours = ConditionalDecimalField(
        label="Heures de décharge hebdomadaires",
        min_value=Decimal("0.25"),
        max_value=MAX_DISCHARGE_HOURS,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
        help_text="Pour une décharge (ARE), 18 h par semaine au plus.",
        # Django's message would print the limit the English way ("0.25").
        error_messages={
            "min_value": "Indiquez au moins 0,25 h de décharge.",
            "max_value": "Une décharge ne dépasse pas 18 h par semaine (un service d'enseignement entier).",
        },
    )
    periodicity = forms.ChoiceField(
        label="Périodicité",
        choices=Periodicity.choices,
        initial=Periodicity.ANNUAL,
        widget=forms.RadioSelect,
        help_text="Annuelle : payée par neuvièmes. Ponctuelle : payée une fois, après service fait.",
    )
    start_date = ConditionalDateField(label="Début", widget=DateInput, help_text="Mission ponctuelle.")
    end_date = ConditionalDateField(label="Fin", widget=DateInput, help_text="Mission ponctuelle.")
    note = forms.CharField(label="Commentaire", max_length=255, required=False)

    def __init__(self, *args, establishment, school_year, missions, totals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chercher"].widget.attrs.update({"data-person-search": "1", "autocomplete": "off"})
        people = (
            StaffMember.objects.active().filter(establishment=establishment).order_by("category", "sort_key")
        )
        picker = self.fields["staff_member"]
        picker.queryset = people
        picker.totals = {pk: total.amount for pk, total in (totals or {}).items()}
        chosen = as_int(self._value("staff_member"))
        offered = search_people(people, self._value("chercher") or "", everyone=bool(self._value("tous")))
        if chosen is not None:
            offered = offered | people.filter(pk=chosen)  # the person already chosen stays listed
        picker.offer_only(offered.order_by("category", "sort_key"))
        self.fields["mission"].queryset = missions.order_by("category", "title")
        self.fields["rate"].school_year = school_year
        self.chosen_mission = self._chosen_mission()
        if self.chosen_mission is not None:
            allowed = sorted(self.chosen_mission.allowed_rates.all(), key=lambda rate: rate.multiplier)
            if allowed:  # a mission listing no rate leaves all five open
                self.fields["rate"].offer_only(allowed)
        if self._value("periodicity") == Periodicity.ONE_OFF:
            # A one-off mission is paid once, after "service fait", between these two dates.
            for name in ("start_date", "end_date"):
                field = self.fields[name]
                field.help_text = "Obligatoire pour une mission ponctuelle."
                self[name].help_text = field.help_text  # the bound field, already built, keeps its own copy
                field.widget.attrs.update({"required": True, "aria-required": "true"})

    def get_layout(self):
        # Two columns from the medium breakpoint. Under the mission: the no-JS "Choisir cette mission"
        # button and the chosen mission's hint (templates/missions/allocations/_partials/).
        return Layout(
            Row(
                Column(
                    "chercher",
                    HTML('{% include "missions/allocations/_partials/person_search.html" %}'),
                    "staff_member",
                    "tous",
                    md=6,
                    css_class="person-picker",
                ),
                Column(
                    "mission",
                    HTML('{% include "missions/allocations/_partials/mission_choose.html" %}'),
                    HTML('{% include "missions/allocations/_partials/mission_hint.html" %}'),
                    md=6,
                ),
                Column("kind", md=6),
                Column("periodicity", md=6),
                Column("rate", md=6),
                Column("count", "discharge_hours", md=6),
                Column("start_date", md=3),
                Column("end_date", md=3),
                Column("note", md=6),
            )
        )

    def _value(self, name):
        """The field's value as shown: what was sent, or else the initial value."""
        if self.is_bound:
            return self.data.get(name)
        value = self.initial.get(name, self.fields[name].initial)
        return getattr(value, "pk", value)

    def _chosen_mission(self) -> Mission | None:
        value = str(self._value("mission") or "")
        if not (value.isascii() and value.isdigit()):
            return None
        return self.fields["mission"].queryset.filter(pk=value).prefetch_related("allowed_rates").first()

    def clean(self):
        data = super().clean()
        # Leftovers of the other form of recognition are dropped, so the service judges what was meant.
        if data.get("kind") == Allocation.Kind.DISCHARGE:
            data["rate"], data["count"] = None, None
        else:
            data["discharge_hours"] = None
        if data.get("periodicity") != Periodicity.ONE_OFF:
            data["start_date"], data["end_date"] = None, None
        return data

    def service_arguments(self) -> dict:
        """Keyword arguments of `allocate` / `update_allocation`."""
        names = ("staff_member", "mission", "kind", "rate", "count", "discharge_hours", "periodicity")
        arguments = {name: self.cleaned_data.get(name) for name in names}
        arguments.update(
            start_date=self.cleaned_data.get("start_date"),
            end_date=self.cleaned_data.get("end_date"),
            note=self.cleaned_data.get("note") or "",
        )
        return arguments

    @classmethod
    def initial_from(cls, allocation: Allocation) -> dict:
        return {
            "staff_member": allocation.staff_member_id,
            "mission": allocation.mission_id,
            "kind": allocation.kind,
            "rate": allocation.rate_id,
            "count": allocation.count,
            "discharge_hours": allocation.discharge_hours,
            "periodicity": allocation.periodicity,
            "start_date": allocation.start_date,
            "end_date": allocation.end_date,
            "note": allocation.note,
        }


class AllocationFilterForm(DsfrForm):
    """The GET filters of the allocation screen; an unknown value simply filters nothing."""

    field_template = "dsfr/filter_field.html"

    # Choices from the catalogue the screen has already loaded (no query of its own); the value is an id.
    mission = forms.TypedChoiceField(label="Mission", required=False, coerce=int, empty_value=None)
    personne = forms.CharField(label="Personne", required=False, max_length=100)
    categorie = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes"), *StaffMember.Category.choices]
    )
    forme = forms.ChoiceField(
        label="Forme", required=False, choices=[("", "Toutes"), *Allocation.Kind.choices]
    )

    def __init__(self, *args, missions, **kwargs):
        super().__init__(*args, **kwargs)
        ordered = sorted(missions, key=lambda mission: (mission.category, mission.title, mission.pk))
        self.fields["mission"].choices = [("", "Toutes"), *((m.pk, m.title) for m in ordered)]
        for name, field in self.fields.items():
            css = "fr-select" if isinstance(field.widget, forms.Select) else "fr-input"
            field.widget.attrs.update(**{"class": css, "id": f"filtre-{name}"})

    def get_layout(self):
        return Layout(
            Row(
                *(Column(name, md=3) for name in self.fields),
                Column(
                    ButtonsGroup(
                        Submit("Filtrer", css_class="fr-btn--sm"),
                        HTML(
                            '{% if filters.is_filtering %}<a class="fr-btn fr-btn--sm fr-btn--tertiary" '
                            'href="{{ list_url }}">Tout afficher</a>{% endif %}'
                        ),
                        inline=True,
                        size="sm",
                    )
                ),
                css_class="fr-grid-row--bottom",
            )
        )

    def filter(self, allocations):
        if not self.is_valid():
            return allocations
        data = self.cleaned_data
        if data["mission"]:
            allocations = allocations.filter(mission_id=data["mission"])
        for word in search_text(data["personne"]).split():
            allocations = allocations.filter(staff_member__search_key__contains=word)
        if data["categorie"]:
            allocations = allocations.filter(staff_member__category=data["categorie"])
        if data["forme"]:
            allocations = allocations.filter(kind=data["forme"])
        return allocations

    @property
    def is_filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class DotationForm(DsfrForm):
    """The initial allocation notified with the DHG, or a supplement granted by the DASEN."""

    kind = forms.ChoiceField(label="Nature", choices=Dotation.Kind.choices, initial=Dotation.Kind.INITIAL)
    units = forms.DecimalField(
        label="Nombre d'IMP (au taux de base)",
        min_value=Decimal("0.25"),
        max_value=MAX_DOTATION_UNITS,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
        help_text="Par quarts : 0,25 ; 0,5 ; 0,75 ; 1 … (500 au plus).",
        error_messages={
            "min_value": "Une dotation compte au moins 0,25 IMP.",
            "max_value": "Une dotation ne dépasse pas 500 IMP : vérifiez le nombre saisi.",
        },
    )
    granted_on = forms.DateField(label="Date de notification", widget=DateInput)
    reference = forms.CharField(
        label="Référence",
        max_length=200,
        required=False,
        help_text="Ex. « Notification DHG 2026-2027 — rectorat de Paris ».",
    )


class DotationCorrectionForm(DsfrForm):
    """Correct a grant: new figures and the reason, kept in the history."""

    units = DotationForm.base_fields["units"]
    granted_on = DotationForm.base_fields["granted_on"]
    reference = DotationForm.base_fields["reference"]
    reason = forms.CharField(
        label="Motif de la correction",
        max_length=255,
        help_text="Ex. « Erreur de saisie » ou « Notification rectificative du 3 octobre ».",
    )


class DotationCancellationForm(DsfrForm):
    prefix = "annulation"

    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=255,
        help_text="Ex. « Saisie en double ». La dotation reste listée, barrée, avec ce motif.",
    )
