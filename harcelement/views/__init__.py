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
from harcelement.views.plan import (  # noqa: F401
    partner_add,
    partner_delete,
    partner_update,
    prevention_action_add,
    prevention_action_delete,
    prevention_action_update,
    prevention_plan,
)
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
    training_delete,
    training_update,
)
