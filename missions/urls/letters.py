from django.urls import path

from missions.views import letters

urlpatterns = [
    path("", letters.letter_overview, name="letter_overview"),
    path("les-miennes/", letters.my_establishment_letters, name="my_establishment_letters"),
    path("modele/", letters.letter_template, name="letter_template"),
    path("preparer/", letters.letter_generate, name="letter_generate"),
    path("envoyer-tout/", letters.letter_send_all, name="letter_send_all"),
    path("sceller/", letters.letter_seal_all, name="letter_seal_all"),
    path("traitements/<int:pk>/", letters.letter_batch, name="letter_batch"),
    path("lettres-definitives.zip", letters.letter_zip, name="letter_zip"),
    path("<int:pk>/", letters.letter_detail, name="letter_detail"),
    path("<int:pk>/pdf/", letters.letter_pdf, name="letter_pdf"),
    path("<int:pk>/texte/", letters.letter_free_text, name="letter_free_text"),
    path("<int:pk>/envoyer/", letters.letter_send, name="letter_send"),
    path("<int:pk>/retirer/", letters.letter_withdraw, name="letter_withdraw"),
    path("<int:pk>/avenant/", letters.letter_amend, name="letter_amend"),
    path("<int:pk>/signer/", letters.letter_sign, name="letter_sign"),
    path("<int:pk>/signer/code/", letters.letter_sign_code, name="letter_sign_code"),
    path("<int:pk>/refuser/", letters.letter_decline, name="letter_decline"),
    path("<int:pk>/contresigner/", letters.letter_countersign, name="letter_countersign"),
]
