"""Staff list filters and the staff record form."""

from django import forms

from missions import clock
from missions.forms.base import DateInput, DsfrForm, DsfrModelForm
from missions.forms.layout import HTML, ButtonsGroup, Column, Fieldset, Layout, Row, Submit
from missions.models import StaffMember
from missions.models.bounds import birth_date_error
from missions.services.staff import email_taken


class StaffFilterForm(DsfrForm):
    field_template = "dsfr/filter_field.html"

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

    def get_layout(self):
        return Layout(
            Row(
                Column("q", md=4),
                Column("categorie", size=6, md=2),
                Column("statut", size=6, md=2),
                Column("compte", size=6, md=2),
                Column(
                    Submit("Filtrer", css_class="fr-mb-3v"),
                    HTML(
                        '{% if is_filtered %}<a class="fr-link fr-ml-1w" '
                        "href=\"{% url 'staff_list' request.establishment.uai %}\">Tout afficher</a>{% endif %}"
                    ),
                    size=6,
                    md=2,
                ),
                css_class="fr-grid-row--bottom",
            )
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

    def get_layout(self):
        return Layout(
            Fieldset(
                "Identité",
                Row(Column("civility", md=4), Column("sex", md=8)),
                Row(Column("usage_name", md=4), Column("birth_name", md=4), Column("first_name", md=4)),
                Row(Column("birth_date", md=4)),
            ),
            Fieldset(
                "Poste",
                Row(Column("category", md=6), Column("grade", md=6)),
                "disciplines",
                "sts_id",
                "active",
            ),
            Fieldset("Contact", "email"),
            ButtonsGroup(
                Submit("Enregistrer"),
                HTML(
                    '<a class="fr-btn fr-btn--secondary" href="{% if staff %}{{ staff.get_absolute_url }}'
                    "{% else %}{% url 'staff_list' request.establishment.uai %}{% endif %}\">Annuler</a>"
                ),
                css_class="fr-mt-2w",
            ),
        )

    def clean_usage_name(self):
        return self.cleaned_data["usage_name"].strip()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        error = birth_date_error(birth_date, clock.today())
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
