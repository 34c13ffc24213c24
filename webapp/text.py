"""Text helpers: Unicode NFC for storage, and a diacritic-free key for Vietnamese-aware search."""

from __future__ import annotations

import unicodedata


def nfc(text: str | None) -> str:
    """``text`` stripped, inner whitespace collapsed, in Unicode NFC (how every name is stored)."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def search_key(text: str | None) -> str:
    """A lowercase key without diacritics, so that "hue" finds "Huế" and "duc" finds "Đức".

    Stored beside each searchable name (SQL LIKE on it works the same on SQLite and PostgreSQL).
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # "đ" is a letter of its own, not d + a combining mark: NFD leaves it alone.
    return stripped.replace("đ", "d")
