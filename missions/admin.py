"""Django admin for every model: the platform admin keeps the catalogue and creates establishments.

Allocations, envelopes, their dotations and role grants are read-only here: they change only through the
services. Only superusers reach the admin (missions.admin_site).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from missions.models import (
    Allocation,
    Dotation,
    Envelope,
    Establishment,
    Event,
    EventChainHead,
    FailedLogin,
    LetterBatch,
    LetterTemplate,
    Mission,
    MissionLetter,
    OutgoingEmail,
    PasswordResetRequest,
    Rate,
    RoleGrant,
    SchoolYear,
    SigningCode,
    StaffMember,
    StsImport,
    User,
    VerificationAttempt,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and security records: nobody edits them, not even a superuser."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ServiceManagedAdmin(ReadOnlyAdmin):
    """Changed only through the services (their rules, the envelope lock, the history): shown, never edited."""

    def has_delete_permission(self, request, obj=None):
        return False


class EmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]})
    ]


@admin.register(FailedLogin)
class FailedLoginAdmin(ReadOnlyAdmin):
    list_display = ["email", "ip_address", "at"]
    search_fields = ["email"]
    list_filter = ["at"]
    date_hierarchy = "at"


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["uai", "name", "kind", "academie", "commune"]
    list_filter = ["kind", "academie"]
    search_fields = ["uai", "name", "commune"]


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start_date", "end_date", "imp_base_amount", "first_payment_month"]
    ordering = ["-start_year"]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["usage_name", "first_name", "establishment", "category", "email", "active"]
    list_filter = ["active", "category", "establishment"]
    search_fields = ["usage_name", "birth_name", "first_name", "email", "sts_id", "disciplines"]
    list_select_related = ["establishment"]
    raw_id_fields = ["user"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ServiceManagedAdmin):
    list_display = ["user", "role", "establishment", "school_year", "board_quality", "created_at"]
    list_filter = ["role", "school_year", "establishment"]
    search_fields = ["user__email", "user__last_name", "establishment__uai", "establishment__name"]
    list_select_related = ["user", "establishment", "school_year"]
    raw_id_fields = ["user", "staff_member", "granted_by"]


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "multiplier"]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "category", "periodicity", "establishment", "suggested_rate"]
    list_filter = ["category", "periodicity", ("establishment", admin.EmptyFieldListFilter)]
    search_fields = ["title", "code", "legal_reference"]
    list_select_related = ["establishment", "suggested_rate"]
    filter_horizontal = ["allowed_rates", "archived_by"]
    raw_id_fields = ["establishment", "adapted_from"]


class DotationInline(admin.TabularInline):
    model = Dotation
    extra = 0
    raw_id_fields = ["created_by"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Envelope)
class EnvelopeAdmin(ServiceManagedAdmin):
    list_display = ["establishment", "school_year"]
    list_filter = ["school_year"]
    search_fields = ["establishment__uai", "establishment__name"]
    list_select_related = ["establishment", "school_year"]
    inlines = [DotationInline]


@admin.register(Dotation)
class DotationAdmin(ServiceManagedAdmin):
    list_display = ["envelope", "kind", "units", "granted_on", "reference"]
    list_filter = ["kind", "envelope__school_year"]
    search_fields = ["reference", "envelope__establishment__uai", "envelope__establishment__name"]
    list_select_related = ["envelope__establishment", "envelope__school_year"]
    raw_id_fields = ["envelope", "created_by"]


@admin.register(Allocation)
class AllocationAdmin(ServiceManagedAdmin):
    list_display = [
        "staff_member",
        "mission",
        "kind",
        "rate",
        "count",
        "discharge_hours",
        "units",
        "is_draft",
    ]
    list_filter = ["kind", "periodicity", "is_draft", "envelope__school_year"]
    search_fields = ["staff_member__usage_name", "staff_member__first_name", "mission__title"]
    list_select_related = ["staff_member", "mission", "rate"]
    raw_id_fields = ["envelope", "staff_member", "mission", "service_done_by"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """The event log, read-only (the database refuses changes anyway)."""

    list_display = ["at", "chain", "seq", "action", "object_label", "actor_name"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_label", "actor_name", "hash"]
    date_hierarchy = "at"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventChainHead)
class EventChainHeadAdmin(ReadOnlyAdmin):
    """The last link of each chain, for checking the log by hand."""

    list_display = ["chain", "seq", "hash"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StsImport)
class StsImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "establishment", "uploaded_by", "uploaded_at", "applied_at"]
    list_filter = ["applied_at"]
    search_fields = ["filename", "establishment__uai", "establishment__name"]
    list_select_related = ["establishment", "uploaded_by"]
    # The uploaded XML holds personal data and is large: never shown or edited here.
    exclude = ["content"]
    readonly_fields = ["establishment", "filename", "uploaded_by", "uploaded_at", "applied_at", "report"]

    def has_add_permission(self, request):
        return False


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(ReadOnlyAdmin):
    list_display = ["email", "ip_address", "at"]
    search_fields = ["email"]
    date_hierarchy = "at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ServiceManagedAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "establishment"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    list_select_related = ["establishment"]
    # An unsent invitation's body carries a sign-in link: never shown here.
    exclude = ["body", "html_body"]


@admin.register(MissionLetter)
class MissionLetterAdmin(ReadOnlyAdmin):
    """A letter changes only through its workflow (a signed one never): read-only here."""

    list_display = [
        "staff_member",
        "establishment",
        "school_year",
        "version",
        "status",
        "sent_at",
        "signed_at",
    ]
    list_filter = ["status", "school_year"]
    search_fields = ["staff_member__usage_name", "establishment__uai", "verification_code"]
    list_select_related = ["staff_member", "establishment", "school_year"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["establishment"]
    search_fields = ["establishment__uai", "establishment__name"]


@admin.register(LetterBatch)
class LetterBatchAdmin(ReadOnlyAdmin):
    list_display = ["kind", "establishment", "school_year", "status", "done", "failed", "total", "created_at"]
    list_filter = ["kind", "status"]


@admin.register(VerificationAttempt)
class VerificationAttemptAdmin(ReadOnlyAdmin):
    list_display = ["ip_address", "at"]


@admin.register(SigningCode)
class SigningCodeAdmin(ReadOnlyAdmin):
    """When codes were asked for and used (the code itself is never stored, only its keyed hash)."""

    list_display = ["letter", "user", "created_at", "expires_at", "attempts", "used_at"]
    exclude = ["code_hash"]


from missions import admin_board  # noqa: E402, F401  (the CA records)
