"""Thin views of the activities area, one module per page family; importing this package
registers them all on the area's one blueprint (``webapp.activities.bp``)."""

from webapp.activities.routes import (  # noqa: F401
    activity_log,
    catalogue,
    exports,
    lookups,
    registers,
    statistics,
    targets,
)
