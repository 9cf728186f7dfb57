from .accounts import FailedLogin, PasswordResetRequest, User, UserManager
from .allocations import Allocation, AllocationEvent
from .catalogue import Mission, Periodicity, Rate
from .envelopes import QUARTER, Envelope, EnvelopeGrant
from .establishments import Establishment, SchoolYear, validate_uai
from .imports import StsImport
from .mail import OutgoingEmail
from .roles import Role, RoleGrant
from .staff import StaffMember

__all__ = [
    "QUARTER",
    "Allocation",
    "AllocationEvent",
    "Envelope",
    "EnvelopeGrant",
    "Establishment",
    "FailedLogin",
    "Mission",
    "OutgoingEmail",
    "PasswordResetRequest",
    "Periodicity",
    "Rate",
    "Role",
    "RoleGrant",
    "SchoolYear",
    "StaffMember",
    "StsImport",
    "User",
    "UserManager",
    "validate_uai",
]
