"""Forms of the bursar's pages: "service fait" for a one-off mission, the export parameters."""

from django import forms

from missions import clock
from missions.forms.base import DateInput, DsfrForm
from missions.services import exports


class ServiceDoneForm(DsfrForm):
    done_on = forms.DateField(
        label="Date du service fait",
        widget=DateInput,
        help_text="La mission ponctuelle est payée une fois, après service fait.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": clock.today()})
        super().__init__(*args, **kwargs)


class ExportForm(forms.Form):
    """The query string of an export: `?format=csv|ods|xlsx&par=personne|mission` (French words in the URL)."""

    FORMATS = {"csv": "CSV", "ods": "ODS (LibreOffice)", "xlsx": "XLSX (Excel)"}
    GROUPINGS = {"personne": "person", "mission": "mission", "mois": "month"}

    format = forms.CharField(error_messages={"required": "Choisissez un format : csv, ods ou xlsx."})
    par = forms.ChoiceField(
        choices=[("personne", "par personne"), ("mission", "par mission"), ("mois", "échéancier mensuel")],
        required=False,
        error_messages={"invalid_choice": "Regroupement inconnu : choisissez personne, mission ou mois."},
    )

    def clean_format(self):
        fmt = self.cleaned_data["format"].strip().lower()
        if fmt not in exports.FORMATS:
            raise forms.ValidationError(
                exports.RESERVED_FORMATS.get(fmt, "Format inconnu : choisissez csv, ods ou xlsx.")
            )
        return fmt

    @property
    def by(self) -> str:
        """The grouping in the exports service's words."""
        return self.GROUPINGS[self.cleaned_data.get("par") or "personne"]

    def error_text(self) -> str:
        return " ".join(message for errors in self.errors.values() for message in errors)
