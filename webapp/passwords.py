"""Password hashing: argon2id at OWASP's parameters, with older hashes upgraded at login."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

# argon2id, 19 MiB of memory, 2 passes, 1 lane: the OWASP minimum for interactive logins.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# Readable, unambiguous characters for generated passwords (no 0/O, 1/l/I).
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; understands argon2 and Werkzeug's older hash formats."""
    if stored_hash.startswith("$argon2"):
        try:
            return HASHER.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    try:
        return check_password_hash(stored_hash, password)
    except ValueError:
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True for a hash that is not argon2id at the current parameters."""
    if not stored_hash.startswith("$argon2id$"):
        return True
    return HASHER.check_needs_rehash(stored_hash)


def generate_password(length: int = 14) -> str:
    """A random password for a new account or a reset, shown once to the admin."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
