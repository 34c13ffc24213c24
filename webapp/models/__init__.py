"""All models, imported here so Alembic and the app see the whole schema."""

from webapp.models import activities, cadres, charity, loans, members, privacy, reports
from webapp.models.accounts import Role, User
from webapp.models.activities import *  # noqa: F403
from webapp.models.audit import AuditEntry
from webapp.models.cadres import *  # noqa: F403
from webapp.models.charity import *  # noqa: F403
from webapp.models.imports import ImportBatch
from webapp.models.jobs import Job, JobState, WorkerHeartbeat
from webapp.models.loans import *  # noqa: F403
from webapp.models.members import *  # noqa: F403
from webapp.models.privacy import *  # noqa: F403
from webapp.models.reports import *  # noqa: F403
from webapp.models.units import Unit, UnitKind

__all__ = [
    "AuditEntry",
    "ImportBatch",
    "Job",
    "JobState",
    "Role",
    "Unit",
    "UnitKind",
    "User",
    "WorkerHeartbeat",
]
for _area in (activities, cadres, charity, loans, members, privacy, reports):
    __all__ += _area.__all__
