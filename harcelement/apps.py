from django.apps import AppConfig


class HarcelementConfig(AppConfig):
    name = "harcelement"
    verbose_name = "pHARe — lutte contre le harcèlement"
