from django import forms

from missions.forms.base import DsfrForm, DsfrModelForm
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


class SignForm(DsfrForm):
    password = forms.CharField(
        label="Votre mot de passe",
        help_text="Ressaisir votre mot de passe confirme que c'est bien vous qui signez.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    consent = forms.BooleanField(
        label="J'ai lu la lettre et j'accepte les missions qu'elle décrit et leurs conditions.",
        error_messages={"required": "Cochez cette case pour signer."},
    )


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


class CountersignForm(SignForm):
    consent = forms.BooleanField(
        label="Je contresigne cette lettre au nom de l'établissement.",
        error_messages={"required": "Cochez cette case pour contresigner."},
    )
