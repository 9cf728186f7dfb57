"""The CA records in the admin, read-only: they are written by missions.services.board and board_questions
only. What CA members write (questions) never shows here: it stays on the CA pages of their establishment."""

from django.contrib import admin

from missions.admin import ReadOnlyAdmin
from missions.models import (
    BoardQuestion,
    BoardSettings,
    BoardVote,
    CouncilAvis,
    PlanVersion,
    ReadReceipt,
    RepartitionCycle,
)


class NeverDeleted(ReadOnlyAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RepartitionCycle)
class RepartitionCycleAdmin(NeverDeleted):
    list_display = ["establishment", "school_year", "state", "confirmed_at"]
    list_filter = ["state", "school_year"]
    search_fields = ["establishment__uai", "establishment__name"]
    list_select_related = ["establishment", "school_year"]


@admin.register(PlanVersion)
class PlanVersionAdmin(NeverDeleted):
    list_display = ["cycle", "number", "presented_at", "meeting_date", "sha256"]
    search_fields = ["sha256", "cycle__establishment__uai"]
    list_select_related = ["cycle__establishment", "cycle__school_year"]
    exclude = ["snapshot"]  # names of people: read in the CA pack, not here


@admin.register(BoardVote)
class BoardVoteAdmin(NeverDeleted):
    list_display = ["version", "voted_on", "result", "act_reference"]
    list_select_related = ["version__cycle__establishment", "version__cycle__school_year"]
    search_fields = ["act_reference"]


@admin.register(CouncilAvis)
class CouncilAvisAdmin(NeverDeleted):
    list_display = ["cycle", "given_on"]
    search_fields = ["cycle__establishment__uai"]


@admin.register(BoardQuestion)
class BoardQuestionAdmin(NeverDeleted):
    list_display = ["__str__", "asked_at", "answered_at"]
    search_fields = ["version__cycle__establishment__uai"]
    exclude = ["text", "answer"]


@admin.register(ReadReceipt)
class ReadReceiptAdmin(NeverDeleted):
    list_display = ["version", "user", "first_opened_at"]
    search_fields = ["user__email"]


@admin.register(BoardSettings)
class BoardSettingsAdmin(admin.ModelAdmin):
    list_display = ["establishment", "person_display"]
    search_fields = ["establishment__uai", "establishment__name"]
