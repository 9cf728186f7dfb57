"""pHARe forms (parse and validate only: the services decide)."""

from django import forms

from harcelement.models import (
    Axis,
    Case,
    EntryKind,
    Form,
    Partner,
    Pillar,
    Place,
    PreventionAction,
    PupilInvolvement,
    Source,
)
from missions import clock
from missions.forms.base import DateInput, DsfrForm
from missions.forms.layout import Column, Fieldset, Layout, Row
from missions.models import StaffMember
from missions.uploads import SizeLimitedUploadForm

PUPIL_ROWS = 3


class ReportForm(DsfrForm):
    what = forms.CharField(
        label="Que s'est-il passé ?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Ce que vous avez vu ou entendu, avec les mots employés si possible.",
    )
    occurred_on = forms.DateField(label="Quand ?", widget=DateInput())
    places = forms.MultipleChoiceField(
        label="Où ?", choices=Place.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(PUPIL_ROWS):
            required = index == 0
            self.fields[f"pupil{index}_name"] = forms.CharField(
                label=f"Élève {index + 1} — nom et prénom", max_length=150, required=required
            )
            self.fields[f"pupil{index}_class"] = forms.CharField(
                label=f"Élève {index + 1} — classe", max_length=30, required=required, help_text="Ex. 5e B"
            )
            self.fields[f"pupil{index}_role"] = forms.ChoiceField(
                label=f"Élève {index + 1} — rôle", choices=PupilInvolvement.Role.choices, required=required
            )

    def get_layout(self):
        pupils = [
            Fieldset(
                f"Élève {index + 1}" + (" (facultatif)" if index else ""),
                Row(
                    Column(f"pupil{index}_name", md=6),
                    Column(f"pupil{index}_class", size=6, md=3),
                    Column(f"pupil{index}_role", size=6, md=3),
                ),
                hint="Nom, classe et rôle : seuls la direction et les coordinateurs les liront."
                if not index
                else "",
            )
            for index in range(PUPIL_ROWS)
        ]
        return Layout(Fieldset("Les faits", "what", "occurred_on", "places"), *pupils)

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > clock.today():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        return value

    def clean(self):
        data = super().clean()
        for index in range(1, PUPIL_ROWS):
            name = data.get(f"pupil{index}_name")
            if name and not (data.get(f"pupil{index}_class") and data.get(f"pupil{index}_role")):
                self.add_error(f"pupil{index}_class", "Indiquez la classe et le rôle de cet élève.")
        return data

    def pupils(self):
        from harcelement.services.cases import PupilLine

        data = self.cleaned_data
        return [
            PupilLine(data[f"pupil{i}_name"], data[f"pupil{i}_class"], data[f"pupil{i}_role"])
            for i in range(PUPIL_ROWS)
            if data.get(f"pupil{i}_name")
        ]


class CaseForm(DsfrForm):
    source = forms.ChoiceField(label="Origine du signalement", choices=Source.choices)
    forms_ = forms.MultipleChoiceField(
        label="Formes", choices=Form.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    places = forms.MultipleChoiceField(
        label="Lieux", choices=Place.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    severity = forms.TypedChoiceField(
        label="Gravité", coerce=int, choices=[(1, "1 — faible"), (2, "2 — moyenne"), (3, "3 — grave")]
    )
    status = forms.ChoiceField(label="Statut", choices=Case.Status.choices)
    referent = forms.ModelChoiceField(
        label="Adulte référent de l'élève cible", queryset=StaffMember.objects.none(), required=False
    )
    assigned = forms.ModelMultipleChoiceField(
        label="Membres de l'équipe ressource chargés de la situation",
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, staff, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = staff
        self.fields["assigned"].queryset = team


class EntryForm(DsfrForm):
    kind = forms.ChoiceField(label="Type", choices=[c for c in EntryKind.choices if c[0] != EntryKind.EMAIL])
    occurred_at = forms.DateTimeField(
        label="Date et heure",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    text = forms.CharField(label="Compte rendu", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    reference = forms.CharField(
        label="Numéro Faits établissement",
        max_length=40,
        required=False,
        help_text="Seulement pour une déclaration dans Faits établissement : la date et le numéro suffisent.",
    )
    amends = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label="Motif de la correction", max_length=300, required=False)


class EmlForm(SizeLimitedUploadForm, DsfrForm):
    upload_field = "eml"
    too_large = (
        "Le courriel dépasse 10 Mo : enregistrez-le sans ses pièces jointes les plus lourdes et décrivez-les dans "
        "le journal."
    )

    eml = forms.FileField(
        label="Courriel (.eml)", help_text="Enregistrez le message depuis votre messagerie (10 Mo au plus)."
    )


class PupilForm(DsfrForm):
    name = forms.CharField(label="Nom et prénom", max_length=150)
    class_name = forms.CharField(label="Classe", max_length=30)
    role = forms.ChoiceField(label="Rôle", choices=PupilInvolvement.Role.choices)


class StaffChoiceForm(DsfrForm):
    staff_member = forms.ModelChoiceField(label="Personnel", queryset=StaffMember.objects.none())

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = staff


class TrainingForm(StaffChoiceForm):
    title = forms.CharField(label="Intitulé", max_length=200)
    date = forms.DateField(label="Date", widget=DateInput())
    hours = forms.DecimalField(
        label="Durée (heures)",
        min_value=0.5,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "min_value": "Une formation dure au moins une demi-heure.",
            "invalid": "Indiquez une durée en heures, par exemple 6.",
        },
    )
    organiser = forms.CharField(label="Organisateur", max_length=200, required=False)


class AmbassadorsForm(DsfrForm):
    ambassadors = forms.IntegerField(label="Élèves ambassadeurs", min_value=0, max_value=500, required=False)


class PreventionActionForm(DsfrForm):
    title = forms.CharField(label="Action", max_length=200)
    axis = forms.ChoiceField(label="Axe", choices=Axis.choices)
    pillars = forms.MultipleChoiceField(
        label="Piliers pHARe", choices=Pillar.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    audience = forms.CharField(label="Public", max_length=200, help_text="Ex. toutes les classes de 6e")
    date = forms.DateField(label="Date", widget=DateInput())
    partners = forms.ModelMultipleChoiceField(
        label="Partenaires",
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pupil_hours = forms.DecimalField(
        label="Heures par élève", min_value=0, max_value=50, max_digits=4, decimal_places=1, initial=0
    )
    status = forms.ChoiceField(label="Statut", choices=[("prevue", "Prévue"), ("realisee", "Réalisée")])
    entered_on_phare_platform = forms.BooleanField(label="Saisie sur la plateforme pHARe", required=False)

    def __init__(self, *args, partners, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        if editing:  # an action is cancelled once it was planned: never added as cancelled
            self.fields["status"].choices = PreventionAction.Status.choices


class PartnerForm(DsfrForm):
    name = forms.CharField(label="Nom", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=Partner.Kind.choices)
    contact = forms.CharField(label="Contact", max_length=200, required=False)
