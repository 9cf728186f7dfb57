from .accounts import FailedLogin, PasswordResetRequest, User, UserManager
from .allocations import Allocation
from .board import (
    BoardQuestion,
    BoardSettings,
    BoardVote,
    CouncilAvis,
    PlanVersion,
    ReadReceipt,
    RepartitionCycle,
)
from .catalogue import Mission, Periodicity, Rate
from .envelopes import QUARTER, Dotation, Envelope
from .establishments import Establishment, SchoolYear, validate_uai
from .events import Event, EventChainHead
from .imports import StsImport
from .letters import LetterBatch, LetterTemplate, MissionLetter, SigningCode, VerificationAttempt
from .mail import OutgoingEmail
from .roles import Role, RoleGrant
from .staff import StaffMember

__all__ = [
    "QUARTER",
    "Allocation",
    "BoardQuestion",
    "BoardSettings",
    "BoardVote",
    "CouncilAvis",
    "PlanVersion",
    "ReadReceipt",
    "RepartitionCycle",
    "Envelope",
    "Event",
    "EventChainHead",
    "Dotation",
    "Establishment",
    "FailedLogin",
    "LetterBatch",
    "LetterTemplate",
    "MissionLetter",
    "SigningCode",
    "VerificationAttempt",
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
