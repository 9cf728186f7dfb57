"""Granting roles: to a staff member, or to a CA member without a staff record."""

from django import forms

from missions.forms.base import DateInput, DsfrForm
from missions.forms.people import PersonChoiceField
from missions.services.staff import BOARD_QUALITIES, grantable_roles


class GrantRoleForm(DsfrForm):
    prefix = "personnel"

    staff_member = PersonChoiceField(
        label="Personnel",
        queryset=None,
        flag_scope=False,
        empty_label="Choisir un personnel",
        help_text="Personnels en poste de l'établissement. Sans compte, la personne est invitée par courriel.",
    )
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, establishment, granter_roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = establishment.staff.active().order_by("sort_key", "pk")
        self.fields["role"].choices = [("", "Choisir un rôle")] + grantable_roles(granter_roles)


class BoardMemberForm(DsfrForm):
    prefix = "ca"

    last_name = forms.CharField(label="Nom", max_length=150)
    first_name = forms.CharField(label="Prénom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique", help_text="Elle recevra une invitation pour choisir son mot de passe."
    )
    quality = forms.ChoiceField(
        label="Qualité au conseil d'administration",
        choices=[("", "Choisir une qualité")] + [(quality, quality) for quality in BOARD_QUALITIES],
    )
    term_start = forms.DateField(
        label="Début du mandat", required=False, widget=DateInput, help_text="Vide : dès le début de l'année."
    )
    term_end = forms.DateField(
        label="Fin du mandat",
        required=False,
        widget=DateInput,
        help_text="Vide : jusqu'à la fin de l'année. Après son mandat, le membre garde la lecture de ce sur "
        "quoi il a voté, sans rien de nouveau.",
    )

    def clean(self):
        data = super().clean()
        if data.get("term_start") and data.get("term_end") and data["term_end"] < data["term_start"]:
            raise forms.ValidationError("La fin du mandat précède son début.")
        return data
