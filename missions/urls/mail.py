from django.urls import path

from missions.views import mail

urlpatterns = [
    path("", mail.email_list, name="email_list"),
    path("<int:pk>/reessayer/", mail.email_retry, name="email_retry"),
]
