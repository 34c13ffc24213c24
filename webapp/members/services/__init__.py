"""Business rules of the members area, one module per register.

Services flush; the view commits once. A refused change raises :class:`MemberError` with the
form field it concerns and a message in the user's language.
"""

from webapp.members.services.common import STALE_MESSAGE, MemberError, check_version

__all__ = ["STALE_MESSAGE", "MemberError", "check_version"]
