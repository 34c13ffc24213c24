"""The embedded broker: kombu's SQLAlchemy transport, polling faster than its default second.

The worker looks for new messages every ``polling_interval`` seconds; kombu's default (1 s) would
add up to a second to every report a user waits for. A poll is one small SELECT on a local SQLite
file, so five a second cost nothing.
"""

from __future__ import annotations

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport.sqlalchemy import Transport as SQLAlchemyTransport


class FastPollingTransport(SQLAlchemyTransport):
    polling_interval = 0.2


def install() -> None:
    """Make "sqla+…" broker URLs use this transport (kombu resolves transports by alias)."""
    TRANSPORT_ALIASES["sqla"] = "tasks.broker:FastPollingTransport"
    TRANSPORT_ALIASES["sqlalchemy"] = "tasks.broker:FastPollingTransport"
