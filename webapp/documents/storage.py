"""Where report files and uploaded templates live on disk (FILES_DIR), written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app

from webapp.config import PROJECT_ROOT

DEFAULT_TEMPLATES = PROJECT_ROOT / "templates" / "reports"


def files_dir(*parts: str) -> Path:
    path = Path(current_app.config["FILES_DIR"], *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, then rename: readers never see half a file,
    and a re-run replaces the file instead of adding one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_path(storage_name: str) -> Path:
    return files_dir("reports") / storage_name


def template_path(storage_name: str) -> Path:
    return files_dir("templates") / storage_name


def default_template_path(kind: str) -> Path:
    """The built-in template of a report kind (templates/reports/<kind>.docx)."""
    return DEFAULT_TEMPLATES / f"{kind}.docx"
