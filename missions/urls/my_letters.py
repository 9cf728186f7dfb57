from django.urls import path

from missions.views import my_letters

urlpatterns = [
    path("mes-lettres/", my_letters.my_letters, name="my_letters"),
    path("lettres/verification/", my_letters.letter_verify, name="letter_verify"),
    path("verification/", my_letters.public_verification, name="public_verification"),
]
