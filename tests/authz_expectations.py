"""Who gets what on every URL. The authorization matrix test (tests/test_authorization_matrix.py) walks the
URL resolver and fails for any URL name missing here.

Each entry is `page(roles, obj=...)`:
- `roles`: the roles that get the page with a GET (200, or a redirect by design). Action URLs (delete,
  deactivate, confirm…) answer GET with a confirmation page, so they are checked the same way.
- every other role of the establishment gets `others` (403 by default; 404 where the object itself is out of the
  user's scope, e.g. someone else's allocations);
- the head of another establishment gets 404; an anonymous visitor is redirected to the sign-in page.
- `obj`: for URLs with `<int:pk>`, which object of the establishment fills it (the matrix test builds one of each):
  "staff_member" (a teacher's record, not linked to any persona), "own_staff_member" (the `staff` persona's
  record), "role_grant", "sts_import", "national_mission", "own_mission", "allocation", "one_off_allocation",
  "draft_allocation", "envelope_grant", "outgoing_email", "plan_version" (a version presented today),
  "old_plan_version" (version 1, presented before the former CA member's term ended; version 2 is today's),
  "board_question".
- `former_board` (a CA member whose term has ended) gets what `board` gets unless `special` names them.
Each area keeps its own section.
"""

from dataclasses import dataclass, field

HEAD, DEPUTY, BURSAR, STAFF, BOARD = "head", "deputy", "bursar", "staff", "board"
COORDINATOR, RESOURCE_TEAM = "coordinator", "resource_team"
FORMER_BOARD = "former_board"  # a CA member of the year whose term has ended
EVERYONE = frozenset({HEAD, DEPUTY, BURSAR, STAFF, BOARD, COORDINATOR, RESOURCE_TEAM})
DIRECTION = frozenset({HEAD, DEPUTY})


@dataclass(frozen=True)
class Page:
    roles: frozenset
    obj: str | None = None
    others: int = 403
    # per-role answers overriding the rule above, e.g. {STAFF: 404}
    special: dict = field(default_factory=dict)


def page(roles, obj=None, others=403, special=None):
    return Page(frozenset(roles), obj, others, special or {})


# Pages outside any establishment: name -> "public" (anyone) or "signed_in" (any signed-in user, anonymous is
# sent to the sign-in page). Token URLs (password reset, invitation) are "public".
GLOBAL_PAGES: dict[str, str] = {
    "home": "signed_in",
    "login": "public",
    "logout": "public",
    "password_reset": "public",
    "password_reset_done": "public",
    "password_reset_confirm": "public",
    "password_reset_complete": "public",
    "invitation_accept": "public",
    "switch_establishment": "signed_in",
    "role_invitations": "signed_in",
    "accessibility": "public",
    "legal": "public",
    # lettres de mission: one's letters across establishments, checking a PDF, and the page without account
    "my_letters": "signed_in",
    "letter_verify": "signed_in",
    "public_verification": "public",
}

# --- establishment home -------------------------------------------------------------------------
ESTABLISHMENT: dict[str, Page] = {
    "establishment_home": page(EVERYONE),
}

# --- staff and roles (foundation) ------------------------------------------------------------------
STAFF_PAGES: dict[str, Page] = {
    "staff_list": page(DIRECTION),
    "staff_create": page(DIRECTION),
    "staff_detail": page(DIRECTION, obj="staff_member"),
    "staff_update": page(DIRECTION, obj="staff_member"),
    "staff_deactivate": page(DIRECTION, obj="staff_member"),
    "staff_invite": page(DIRECTION, obj="staff_member"),
    "role_list": page(DIRECTION),
    "role_create": page(DIRECTION),
    "role_delete": page(DIRECTION, obj="role_grant"),
    # copies the roles reconduits into the year (POST); GET goes back to the roles page
    "role_reconduct": page(DIRECTION),
    # mails not sent (failed or waiting) and "Réessayer" (GET goes back to the list)
    "email_list": page(DIRECTION),
    "email_retry": page(DIRECTION, obj="outgoing_email"),
}

# --- STSWeb import -------------------------------------------------------------------------------
STS_IMPORT: dict[str, Page] = {
    "sts_import_upload": page(DIRECTION | {BURSAR}),
    "sts_import_preview": page(DIRECTION | {BURSAR}, obj="sts_import"),
}

# --- allocation screen, envelope, roll-over -------------------------------------------------------
ALLOCATIONS: dict[str, Page] = {
    "allocation_list": page(DIRECTION),
    "envelope_detail": page(DIRECTION),
    "dotation_update": page(DIRECTION, obj="envelope_grant"),
    "allocation_create": page(DIRECTION),
    "allocation_update": page(DIRECTION, obj="allocation"),
    "allocation_delete": page(DIRECTION, obj="allocation"),
    "allocation_confirm": page(DIRECTION, obj="draft_allocation"),
    "allocation_history": page(DIRECTION, obj="allocation"),
    "rollover": page(DIRECTION),
}

# --- mission catalogue ---------------------------------------------------------------------------
CATALOGUE: dict[str, Page] = {
    "mission_list": page(DIRECTION),
    "mission_create": page(DIRECTION),
    "mission_detail": page(DIRECTION, obj="national_mission"),
    "mission_update": page(DIRECTION, obj="own_mission"),
    "mission_adapt": page(DIRECTION, obj="national_mission"),
    "mission_archive": page(DIRECTION, obj="own_mission"),
}

# --- payments, per-person view, exports, my missions ---------------------------------------------
PAYMENTS: dict[str, Page] = {
    "payment_list": page(DIRECTION | {BURSAR}),
    # someone else's record is out of a staff member's scope (404); CA members have no personal page (403)
    "person_allocations": page(DIRECTION | {BURSAR}, obj="staff_member", others=404, special={BOARD: 403}),
    "allocation_service_done": page({HEAD, BURSAR}, obj="one_off_allocation"),
    "allocation_export": page(DIRECTION | {BURSAR}),
    # redirects to one's own page, or explains there is no staff record
    "my_allocations": page(EVERYONE - {BOARD}),
}

# --- lettres de mission ----------------------------------------------------------------------------
# "letter": a draft letter of a teacher not linked to any persona; "own_letter": the `staff` persona's letter,
# sent and awaiting their signature. Someone else's letter is out of scope (404); CA members have none (403).
OWN_LETTER = {"obj": "own_letter", "others": 404, "special": {BOARD: 403}}
LETTERS: dict[str, Page] = {
    "letter_overview": page(DIRECTION),
    "my_establishment_letters": page(EVERYONE - {BOARD}),
    "letter_template": page(DIRECTION),
    "letter_generate": page(DIRECTION),
    "letter_send_all": page(DIRECTION),
    "letter_seal_all": page(DIRECTION),
    "letter_batch": page(DIRECTION, obj="letter_batch"),
    "letter_zip": page(DIRECTION),
    "letter_detail": page(DIRECTION | {BURSAR, STAFF}, **OWN_LETTER),
    "letter_pdf": page(DIRECTION | {BURSAR, STAFF}, **OWN_LETTER),
    "letter_free_text": page(DIRECTION, obj="letter"),
    "letter_send": page(DIRECTION, obj="letter"),
    "letter_withdraw": page(DIRECTION, obj="own_letter"),
    "letter_amend": page(DIRECTION, obj="letter"),
    # only the person of the letter signs or declines it: for anyone else it does not exist
    "letter_sign": page({STAFF}, **OWN_LETTER),
    "letter_sign_code": page({STAFF}, **OWN_LETTER),
    "letter_decline": page({STAFF}, **OWN_LETTER),
    "letter_countersign": page({HEAD}, obj="own_letter"),
}

# --- pHARe (harcelement) --------------------------------------------------------------------------
# "phare_case" is reported by the `staff` persona and assigned to nobody: the resource-team persona may use the
# pHARe pages but not read this case (404, as if it did not exist); the reporter reads only their report.
PHARE_MANAGERS = DIRECTION | {COORDINATOR}
PHARE_READERS = PHARE_MANAGERS | {RESOURCE_TEAM}
UNASSIGNED = {RESOURCE_TEAM: 404}
PHARE: dict[str, Page] = {
    "phare_dashboard": page(PHARE_READERS),
    "phare_case_list": page(PHARE_READERS),
    "phare_team": page(PHARE_MANAGERS),
    "phare_coordinator_designate": page(DIRECTION),
    "phare_coordinator_withdraw": page(DIRECTION, obj="phare_coordinator"),
    "phare_member_add": page(PHARE_MANAGERS),
    "phare_member_remove": page(PHARE_MANAGERS, obj="phare_member"),
    "phare_training_add": page(PHARE_MANAGERS),
    "phare_training_update": page(PHARE_MANAGERS, obj="phare_training"),
    "phare_training_delete": page(PHARE_MANAGERS, obj="phare_training"),
    "phare_ambassadors": page(PHARE_MANAGERS),
    "phare_report": page(EVERYONE - {BOARD}),
    "phare_my_reports": page(EVERYONE - {BOARD}),
    "phare_report_detail": page(
        PHARE_MANAGERS | {STAFF}, obj="phare_case", special={BURSAR: 404, RESOURCE_TEAM: 404}
    ),
    "phare_case_detail": page(PHARE_MANAGERS, obj="phare_case", special=UNASSIGNED),
    "phare_case_update": page(PHARE_MANAGERS, obj="phare_case"),
    "phare_entry_add": page(PHARE_MANAGERS, obj="phare_case", special=UNASSIGNED),
    "phare_eml_import": page(PHARE_MANAGERS, obj="phare_case", special=UNASSIGNED),
    "phare_pupil_add": page(PHARE_MANAGERS, obj="phare_case", special=UNASSIGNED),
    "phare_case_pdf": page(PHARE_MANAGERS, obj="phare_case", special=UNASSIGNED),
    "phare_case_summary": page(PHARE_MANAGERS, obj="phare_case", special=UNASSIGNED),
    "phare_attachment": page(PHARE_MANAGERS, obj="phare_attachment", special=UNASSIGNED),
    "phare_read_log": page({HEAD}),
    "phare_prevention_plan": page(PHARE_MANAGERS),
    "phare_prevention_action_add": page(PHARE_MANAGERS),
    "phare_prevention_action_update": page(PHARE_MANAGERS, obj="phare_prevention_action"),
    "phare_prevention_action_delete": page(PHARE_MANAGERS, obj="phare_prevention_action"),
    "phare_partner_add": page(PHARE_MANAGERS),
    "phare_partner_update": page(PHARE_MANAGERS, obj="phare_partner"),
    "phare_partner_delete": page(PHARE_MANAGERS, obj="phare_partner"),
    "phare_stats": page(PHARE_READERS | {BOARD}),
    "phare_stats_csv": page(PHARE_READERS | {BOARD}),
}

# --- the répartition before the CA -----------------------------------------------------------------------
# The pack is read-only for direction and CA members; a version presented after a member's term ended does not
# exist for them (404). Only the head prepares the CA.
BOARD_READERS = DIRECTION | {BOARD}
AFTER_TERM = {FORMER_BOARD: 404}
BOARD_PAGES: dict[str, Page] = {
    "board_pack": page(BOARD_READERS),  # a former member sees the versions of their term, or none
    "board_version": page(BOARD_READERS, obj="plan_version", special=AFTER_TERM),
    "board_version_pdf": page(BOARD_READERS, obj="plan_version", special=AFTER_TERM),
    "board_version_export": page(BOARD_READERS, obj="plan_version", special=AFTER_TERM),
    "board_question": page({BOARD}, obj="plan_version", special=AFTER_TERM),
    "board_manage": page({HEAD}),
    "board_avis": page({HEAD}),
    "board_present": page({HEAD}),
    "board_vote": page({HEAD}),
    "board_decide": page({HEAD}),
    "board_display": page({HEAD}),
    "board_answer": page({HEAD}, obj="board_question"),
}

ESTABLISHMENT_PAGES = {
    **ESTABLISHMENT,
    **STAFF_PAGES,
    **STS_IMPORT,
    **ALLOCATIONS,
    **CATALOGUE,
    **PAYMENTS,
    **LETTERS,
    **PHARE,
    **BOARD_PAGES,
}


# Object rules (missions.permissions.object_rule), each exercised with a persona who passes it and one who does
# not: rule -> [(object, personas allowed, personas refused)]. Objects are built by
# tests/test_object_rules.py:OBJECTS. A rule registered without a case here fails the test.
OBJECT_RULE_CASES: dict[str, list[tuple[str, frozenset, frozenset]]] = {
    "view_allocations_of": [
        ("own_staff_member", frozenset({HEAD, DEPUTY, BURSAR, STAFF}), frozenset({BOARD, COORDINATOR})),
        ("staff_member", frozenset({HEAD, DEPUTY, BURSAR}), frozenset({STAFF, RESOURCE_TEAM, BOARD})),
    ],
    "read_letter": [
        ("own_letter", frozenset({HEAD, DEPUTY, BURSAR, STAFF}), frozenset({COORDINATOR, RESOURCE_TEAM})),
        ("own_draft_letter", frozenset({HEAD, DEPUTY, BURSAR}), frozenset({STAFF, COORDINATOR})),
        ("letter", frozenset({HEAD, DEPUTY, BURSAR}), frozenset({STAFF, RESOURCE_TEAM})),
    ],
    "sign_letter": [
        ("own_letter", frozenset({STAFF}), frozenset({HEAD, DEPUTY, BURSAR, BOARD, COORDINATOR})),
    ],
    # pHARe: "phare_case" is reported by `staff`, "assigned_phare_case" is assigned to `resource_team`
    "read_case": [
        (
            "phare_case",
            frozenset({HEAD, DEPUTY, COORDINATOR}),
            frozenset({RESOURCE_TEAM, STAFF, BURSAR, BOARD}),
        ),
        (
            "assigned_phare_case",
            frozenset({HEAD, DEPUTY, COORDINATOR, RESOURCE_TEAM}),
            frozenset({STAFF, BOARD}),
        ),
    ],
    "manage_case": [
        ("assigned_phare_case", frozenset({HEAD, DEPUTY, COORDINATOR}), frozenset({RESOURCE_TEAM, STAFF})),
    ],
    "read_own_report": [
        (
            "phare_case",
            frozenset({STAFF, HEAD, DEPUTY, COORDINATOR}),
            frozenset({RESOURCE_TEAM, BURSAR, BOARD}),
        ),
    ],
    "read_plan_version": [
        ("plan_version", frozenset({HEAD, DEPUTY, BOARD}), frozenset({FORMER_BOARD, STAFF, BURSAR})),
        ("old_plan_version", frozenset({HEAD, BOARD, FORMER_BOARD}), frozenset({STAFF, COORDINATOR})),
    ],
    "ask_question_on": [
        ("plan_version", frozenset({BOARD}), frozenset({FORMER_BOARD, HEAD, DEPUTY, STAFF})),
        ("old_plan_version", frozenset(), frozenset({BOARD, FORMER_BOARD})),  # not the latest version
    ],
}
