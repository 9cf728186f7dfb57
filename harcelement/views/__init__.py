"""pHARe pages: thin views (parse, authorize, call a service, render)."""

from harcelement.views.cases import (  # noqa: F401
    attachment_download,
    case_detail,
    case_list,
    case_pdf,
    case_summary,
    case_update,
    eml_import,
    entry_add,
    my_reports,
    pupil_add,
    read_log,
    report,
    report_detail,
)
from harcelement.views.plan import partner_add, prevention_action_add, prevention_plan  # noqa: F401
from harcelement.views.stats import stats, stats_csv  # noqa: F401
from harcelement.views.team import (  # noqa: F401
    ambassadors_set,
    coordinator_designate,
    coordinator_withdraw,
    dashboard,
    member_add,
    member_remove,
    team,
    training_add,
)
