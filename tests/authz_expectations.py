"""Who gets what on every URL: the authorization matrix test (tests/test_authorization_matrix.py) walks the
URL resolver and fails for any URL name missing here.

Each entry: URL name -> roles that get the page (HTTP 200, or 302 when the view redirects by design).
Other roles of the establishment get 403; the head of another establishment gets 404; an anonymous visitor is
sent to the sign-in page. PUBLIC pages answer everyone. Each area keeps its own section.
"""

HEAD, DEPUTY, BURSAR, STAFF, BOARD = "head", "deputy", "bursar", "staff", "board"
COORDINATOR, RESOURCE_TEAM = "coordinator", "resource_team"
EVERYONE = {HEAD, DEPUTY, BURSAR, STAFF, BOARD, COORDINATOR, RESOURCE_TEAM}
DIRECTION = {HEAD, DEPUTY}

# Pages outside any establishment: name -> "public" (anyone) or "signed_in" (any signed-in user).
GLOBAL_PAGES: dict[str, str] = {}

# --- establishment home -------------------------------------------------------------------------
ESTABLISHMENT: dict[str, set[str]] = {
    "establishment_home": EVERYONE,
}

# --- staff and roles (foundation) ------------------------------------------------------------------
STAFF_PAGES: dict[str, set[str]] = {}

# --- STSWeb import -------------------------------------------------------------------------------
STS_IMPORT: dict[str, set[str]] = {}

# --- allocation screen, envelope, roll-over -------------------------------------------------------
ALLOCATIONS: dict[str, set[str]] = {}

# --- mission catalogue ---------------------------------------------------------------------------
CATALOGUE: dict[str, set[str]] = {}

# --- payments, per-person view, exports, my missions ---------------------------------------------
PAYMENTS: dict[str, set[str]] = {}

ESTABLISHMENT_PAGES = {**ESTABLISHMENT, **STAFF_PAGES, **STS_IMPORT, **ALLOCATIONS, **CATALOGUE, **PAYMENTS}
