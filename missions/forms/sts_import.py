from django import forms

from missions.forms.base import DsfrForm
from missions.uploads import SizeLimitedUploadForm

TOO_LARGE = "Le fichier dépasse 10 Mo : ce n'est pas un export STSWeb des emplois du temps."


class StsImportForm(SizeLimitedUploadForm, DsfrForm):
    """The upload of the STSWeb export. Its content is checked by `missions.sts.store_upload`."""

    too_large = TOO_LARGE

    file = forms.FileField(
        label="Fichier STSWeb (sts_emp_….xml)",
        help_text="Fichier XML téléchargé depuis STSWeb, 10 Mo au plus.",
        widget=forms.FileInput(attrs={"class": "fr-upload", "accept": ".xml,text/xml,application/xml"}),
    )

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
