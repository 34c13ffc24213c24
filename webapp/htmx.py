"""``request.htmx``: what the page's htmx said about a request, read from its HX-* headers.

Twenty lines of our own instead of the htmx-flask package (a single 2022 release): the app only
asks whether a request came from htmx and which element it targets.
"""

from __future__ import annotations

from flask import Flask, Request

# The status that tells a polling htmx element to stop polling (the job it shows is finished).
STOP_POLLING = 286


class HtmxHeaders:
    """True for an htmx request (``HX-Request: true``); ``target`` and ``trigger`` name elements."""

    def __init__(self, request: Request) -> None:
        self._headers = request.headers

    def __bool__(self) -> bool:
        return self._headers.get("HX-Request", "").lower() == "true"

    @property
    def target(self) -> str | None:
        return self._headers.get("HX-Target")

    @property
    def trigger(self) -> str | None:
        return self._headers.get("HX-Trigger")


class HtmxRequest(Request):
    """Flask's request with ``request.htmx``."""

    @property
    def htmx(self) -> HtmxHeaders:
        return HtmxHeaders(self)


def init_app(app: Flask) -> None:
    """Make every request of ``app`` an :class:`HtmxRequest`."""
    app.request_class = HtmxRequest
