"""Import of the STSWeb export `sts_emp_<UAI>_<année>.xml`: parse, plan (preview), apply.

- `parse_sts_file(bytes) -> StsExport` refuses anything but a genuine export with `StsFileError(message)`;
- `plan_import(establishment, export) -> ImportPlan` says who is created, updated, deactivated, unchanged;
- `apply_import(plan) -> report` writes it in one transaction;
- `store_upload`, `plan_stored_import`, `apply_stored_import` serve the browser, `import_file` the command.
"""

from .imports import (
    ImportAlreadyApplied,
    apply_stored_import,
    check_establishment,
    import_file,
    plan_stored_import,
    purge_stale_previews,
    store_upload,
)
from .parser import MAX_FILE_SIZE, StsExport, StsFileError, StsPerson, parse_sts_file
from .plan import ImportPlan, apply_import, plan_import, summary

__all__ = [
    "MAX_FILE_SIZE",
    "ImportAlreadyApplied",
    "ImportPlan",
    "StsExport",
    "StsFileError",
    "StsPerson",
    "apply_import",
    "apply_stored_import",
    "check_establishment",
    "import_file",
    "parse_sts_file",
    "plan_import",
    "plan_stored_import",
    "purge_stale_previews",
    "store_upload",
    "summary",
]
