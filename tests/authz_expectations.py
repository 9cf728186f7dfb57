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
  "draft_allocation".
Each area keeps its own section.
"""

from dataclasses import dataclass, field

HEAD, DEPUTY, BURSAR, STAFF, BOARD = "head", "deputy", "bursar", "staff", "board"
COORDINATOR, RESOURCE_TEAM = "coordinator", "resource_team"
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
GLOBAL_PAGES: dict[str, str] = {}

# --- establishment home -------------------------------------------------------------------------
ESTABLISHMENT: dict[str, Page] = {
    "establishment_home": page(EVERYONE),
}

# --- staff and roles (foundation) ------------------------------------------------------------------
STAFF_PAGES: dict[str, Page] = {}

# --- STSWeb import -------------------------------------------------------------------------------
STS_IMPORT: dict[str, Page] = {}

# --- allocation screen, envelope, roll-over -------------------------------------------------------
ALLOCATIONS: dict[str, Page] = {}

# --- mission catalogue ---------------------------------------------------------------------------
CATALOGUE: dict[str, Page] = {}

# --- payments, per-person view, exports, my missions ---------------------------------------------
PAYMENTS: dict[str, Page] = {}

ESTABLISHMENT_PAGES = {**ESTABLISHMENT, **STAFF_PAGES, **STS_IMPORT, **ALLOCATIONS, **CATALOGUE, **PAYMENTS}
