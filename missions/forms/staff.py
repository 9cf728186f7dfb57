"""Staff list filters and the staff record form."""

from django import forms
from django.utils import timezone

from missions.forms.base import DateInput, DsfrForm, DsfrModelForm
from missions.models import StaffMember
from missions.models.bounds import birth_date_error
from missions.services.staff import email_taken


class StaffFilterForm(DsfrForm):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        help_text="Nom, prénom, adresse électronique ou discipline",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    categorie = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + StaffMember.Category.choices
    )
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous"), ("actifs", "En poste"), ("inactifs", "Plus en poste")],
    )
    compte = forms.ChoiceField(
        label="Compte",
        required=False,
        choices=[("", "Tous"), ("avec", "Avec un compte"), ("sans", "Sans compte")],
    )

    def filters(self) -> dict:
        """Search arguments for services.staff.search_staff; unknown values are ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", "").strip(),
            "category": data.get("categorie", ""),
            "status": data.get("statut", ""),
            "account": data.get("compte", ""),
        }


class StaffMemberForm(DsfrModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "civility",
            "sex",
            "usage_name",
            "birth_name",
            "first_name",
            "birth_date",
            "category",
            "grade",
            "disciplines",
            "email",
            "sts_id",
            "active",
        ]
        widgets = {"birth_date": DateInput()}
        help_texts = {
            "disciplines": "Séparées par des virgules, ex. « Mathématiques, NSI ».",
            "email": "Nécessaire pour l'inviter à se connecter.",
            "sex": "Sert seulement au bilan d'égalité de la répartition présenté au CA.",
            "sts_id": "Renseigné par l'import STSWeb.",
            "active": "Décochez quand la personne n'exerce plus dans l'établissement : sa fiche est conservée.",
        }

    def __init__(self, *args, establishment, **kwargs):
        self.establishment = establishment
        super().__init__(*args, **kwargs)

    def clean_usage_name(self):
        return self.cleaned_data["usage_name"].strip()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        error = birth_date_error(birth_date, timezone.localdate())
        if error:
            raise forms.ValidationError(error)
        return birth_date

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip().lower()
        if email and email_taken(self.establishment, email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                "Cette adresse électronique est déjà celle d'un autre personnel de l'établissement."
            )
        return email

    def save(self, commit=True):
        raise NotImplementedError(
            "Records are saved by missions.services.staff (create_staff, update_staff)."
        )
