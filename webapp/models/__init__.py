"""All models, imported here so Alembic and the app see the whole schema."""

from webapp.models.accounts import Role, User
from webapp.models.jobs import Job, JobState, WorkerHeartbeat
from webapp.models.units import Unit, UnitKind

__all__ = ["Job", "JobState", "Role", "Unit", "UnitKind", "User", "WorkerHeartbeat"]
