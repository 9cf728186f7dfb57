from django import forms

from missions.forms.base import DsfrForm
from missions.sts import MAX_FILE_SIZE

TOO_LARGE = "Le fichier dépasse 10 Mo : ce n'est pas un export STSWeb des emplois du temps."


class StsImportForm(DsfrForm):
    """The upload of the STSWeb export. Its content is checked by `missions.sts.store_upload`."""

    file = forms.FileField(
        label="Fichier STSWeb (sts_emp_….xml)",
        help_text="Fichier XML téléchargé depuis STSWeb, 10 Mo au plus.",
        widget=forms.FileInput(attrs={"class": "fr-upload", "accept": ".xml,text/xml,application/xml"}),
    )

    def __init__(self, *args, upload_too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        if upload_too_large:  # reading stopped far past the limit (missions.uploads): no file reached us
            self.fields["file"].error_messages["required"] = TOO_LARGE

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(TOO_LARGE)
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
