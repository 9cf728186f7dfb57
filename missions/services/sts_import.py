"""The STSWeb import as a service, under the name DESIGN.md gives services. It lives in `missions.sts`
(parser, plan, imports); this module only names its public functions."""

from missions.sts import (
    MAX_FILE_SIZE,
    ImportAlreadyApplied,
    ImportPlan,
    StsExport,
    StsFileError,
    StsPerson,
    apply_import,
    apply_stored_import,
    check_establishment,
    import_file,
    parse_sts_file,
    plan_import,
    plan_stored_import,
    store_upload,
    summary,
)

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
    "store_upload",
    "summary",
]
