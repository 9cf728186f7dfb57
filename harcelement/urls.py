from django.urls import path

from harcelement import views

urlpatterns = [
    path("", views.dashboard, name="phare_dashboard"),
    path("equipe/", views.team, name="phare_team"),
    path("equipe/coordinateur/", views.coordinator_designate, name="phare_coordinator_designate"),
    path(
        "equipe/coordinateur/<int:pk>/retirer/", views.coordinator_withdraw, name="phare_coordinator_withdraw"
    ),
    path("equipe/membre/", views.member_add, name="phare_member_add"),
    path("equipe/membre/<int:pk>/retirer/", views.member_remove, name="phare_member_remove"),
    path("equipe/formation/", views.training_add, name="phare_training_add"),
    path("equipe/formation/<int:pk>/modifier/", views.training_update, name="phare_training_update"),
    path("equipe/formation/<int:pk>/supprimer/", views.training_delete, name="phare_training_delete"),
    path("equipe/ambassadeurs/", views.ambassadors_set, name="phare_ambassadors"),
    path("signaler/", views.report, name="phare_report"),
    path("mes-signalements/", views.my_reports, name="phare_my_reports"),
    path("mes-signalements/<int:pk>/", views.report_detail, name="phare_report_detail"),
    path("situations/", views.case_list, name="phare_case_list"),
    path("situations/<int:pk>/", views.case_detail, name="phare_case_detail"),
    path("situations/<int:pk>/qualifier/", views.case_update, name="phare_case_update"),
    path("situations/<int:pk>/journal/", views.entry_add, name="phare_entry_add"),
    path("situations/<int:pk>/courriel/", views.eml_import, name="phare_eml_import"),
    path("situations/<int:pk>/eleves/", views.pupil_add, name="phare_pupil_add"),
    path("situations/<int:pk>/dossier.pdf", views.case_pdf, name="phare_case_pdf"),
    path("situations/<int:pk>/synthese.pdf", views.case_summary, name="phare_case_summary"),
    path("pieces-jointes/<int:pk>/", views.attachment_download, name="phare_attachment"),
    path("consultations/", views.read_log, name="phare_read_log"),
    path("prevention/", views.prevention_plan, name="phare_prevention_plan"),
    path("prevention/action/", views.prevention_action_add, name="phare_prevention_action_add"),
    path(
        "prevention/action/<int:pk>/modifier/",
        views.prevention_action_update,
        name="phare_prevention_action_update",
    ),
    path(
        "prevention/action/<int:pk>/supprimer/",
        views.prevention_action_delete,
        name="phare_prevention_action_delete",
    ),
    path("prevention/partenaire/", views.partner_add, name="phare_partner_add"),
    path("prevention/partenaire/<int:pk>/modifier/", views.partner_update, name="phare_partner_update"),
    path("prevention/partenaire/<int:pk>/supprimer/", views.partner_delete, name="phare_partner_delete"),
    path("statistiques/", views.stats, name="phare_stats"),
    path("statistiques.csv", views.stats_csv, name="phare_stats_csv"),
]
