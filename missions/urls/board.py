from django.urls import path

from missions.views import board, board_manage

urlpatterns = [
    path("", board.board_pack, name="board_pack"),
    path("versions/<int:pk>/", board.board_version, name="board_version"),
    path("versions/<int:pk>/pdf/", board.board_version_pdf, name="board_version_pdf"),
    path("versions/<int:pk>/export/", board.board_version_export, name="board_version_export"),
    path("versions/<int:pk>/question/", board.board_question, name="board_question"),
    path("preparer/", board_manage.board_manage, name="board_manage"),
    path("preparer/avis/", board_manage.board_avis, name="board_avis"),
    path("preparer/presenter/", board_manage.board_present, name="board_present"),
    path("preparer/vote/", board_manage.board_vote, name="board_vote"),
    path("preparer/decision/", board_manage.board_decide, name="board_decide"),
    path("preparer/affichage/", board_manage.board_display, name="board_display"),
    path("questions/<int:pk>/reponse/", board_manage.board_answer, name="board_answer"),
]
