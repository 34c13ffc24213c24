"""Backups encrypted at rest: AES-256-GCM from the ``cryptography`` library, streamed.

A backup carries every member's personal data, so the file that leaves the server is
encrypted with a key from the settings (``BACKUP_KEY``, or a random key kept in
``instance/backup_key`` — keep a copy of it somewhere safe: without it a backup cannot be
restored). The key is a passphrase; scrypt derives the AES key from it with a random salt.

File layout: ``MAGIC`` · salt (16 bytes) · nonce (12 bytes) · ciphertext · GCM tag (16 bytes).
Decryption writes the plaintext to a temporary file and only hands it over once the tag has
been checked, so a wrong key or a damaged file never yields partial data.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"SOHOI-BACKUP-AES256GCM-1\n"
SALT_BYTES, NONCE_BYTES, TAG_BYTES = 16, 12, 16
CHUNK = 1024 * 1024


class WrongKey(ValueError):
    """The key does not open this backup (or the file was changed)."""


def _aes_key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def is_encrypted(path: Path) -> bool:
    """True when ``path`` starts like an encrypted backup."""
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Write ``source`` encrypted under ``passphrase`` to ``target``."""
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    encryptor = Cipher(algorithms.AES(_aes_key(passphrase, salt)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(MAGIC)
    with source.open("rb") as src, target.open("wb") as out:
        out.write(MAGIC + salt + nonce)
        while chunk := src.read(CHUNK):
            out.write(encryptor.update(chunk))
        out.write(encryptor.finalize())
        out.write(encryptor.tag)


def decrypt_to_temp(source: Path, passphrases: list[str]) -> Path:
    """Decrypt ``source`` with the first passphrase that opens it, into a temporary file beside
    it (the caller deletes it); ``WrongKey`` when none does."""
    size = source.stat().st_size
    header = len(MAGIC) + SALT_BYTES + NONCE_BYTES
    if size < header + TAG_BYTES:
        raise WrongKey("too short")
    with source.open("rb") as fh:
        fh.seek(len(MAGIC))
        salt, nonce = fh.read(SALT_BYTES), fh.read(NONCE_BYTES)
        fh.seek(size - TAG_BYTES)
        tag = fh.read(TAG_BYTES)
    for passphrase in passphrases:
        fd, name = tempfile.mkstemp(prefix=".decrypted-", dir=source.parent)
        target = Path(name)
        decryptor = Cipher(
            algorithms.AES(_aes_key(passphrase, salt)), modes.GCM(nonce, tag)
        ).decryptor()
        decryptor.authenticate_additional_data(MAGIC)
        try:
            with source.open("rb") as src, os.fdopen(fd, "wb") as out:
                src.seek(header)
                remaining = size - header - TAG_BYTES
                while remaining > 0:
                    chunk = src.read(min(CHUNK, remaining))
                    remaining -= len(chunk)
                    out.write(decryptor.update(chunk))
                decryptor.finalize()
        except InvalidTag:
            target.unlink(missing_ok=True)
            continue
        return target
    raise WrongKey("no key opens the file")
