from django import forms

from missions.forms.base import DsfrForm, DsfrModelForm
from missions.forms.layout import Field, Fieldset, Layout
from missions.models import LetterTemplate, MissionLetter


class LetterTemplateForm(DsfrModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["header", "head_signature", "paying_service_address"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class FreeTextForm(DsfrModelForm):
    class Meta:
        model = MissionLetter
        fields = ["free_text"]
        widgets = {"free_text": forms.Textarea(attrs={"rows": 6})}


class PasswordConfirmedForm(DsfrForm):
    password = forms.CharField(
        label="Votre mot de passe",
        help_text="Ressaisir votre mot de passe confirme que c'est bien vous qui signez.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CountersignForm(PasswordConfirmedForm):
    consent = forms.BooleanField(
        label="Je contresigne cette lettre au nom de l'établissement.",
        error_messages={"required": "Cochez cette case pour contresigner."},
    )


class SignForm(PasswordConfirmedForm):
    """The person confirms with their password, or with the one-time code mailed to them."""

    code = forms.CharField(
        label="Ou le code reçu par courriel",
        help_text="Six chiffres, valables dix minutes : demandez-le avec le bouton « Recevoir un code par courriel ».",
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    consent = forms.BooleanField(
        label="J'ai lu la lettre et j'accepte les missions qu'elle décrit et leurs conditions.",
        error_messages={"required": "Cochez cette case pour signer."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].required = False  # or the code

    def get_layout(self):
        # Neither field is optional: one of the two is required, which the fieldset says (no "(optionnel)").
        alternative = "dsfr/filter_field.html"
        return Layout(
            Fieldset(
                "Confirmez que c'est vous",
                Field("password", template=alternative),
                Field("code", template=alternative),
                hint="Votre mot de passe, ou le code reçu par courriel.",
            ),
            "consent",
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("password") and not cleaned.get("code"):
            raise forms.ValidationError("Saisissez votre mot de passe ou le code reçu par courriel.")
        return cleaned


class ReasonForm(DsfrForm):
    reason = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, strip=True
    )


class VerifyForm(DsfrForm):
    document = forms.FileField(label="Fichier PDF de la lettre", help_text="Le PDF définitif, tel que reçu.")


class PublicVerifyForm(VerifyForm):
    code = forms.CharField(
        label="Code de vérification",
        max_length=40,
        help_text="Imprimé en bas de chaque page et sur la page de preuve (ex. K7QF-2MZT-…).",
    )
    field_order = ["code", "document"]
