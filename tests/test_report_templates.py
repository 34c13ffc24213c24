"""The committed report templates (templates/reports/*.docx) are what
scripts/build_report_templates.py builds today: the files are generated, never edited by hand,
so a change to the script without the files (or the reverse) fails here.

The script's own ``build`` makes every kind, into a temporary folder; each part of each
document is compared as text (its XML), not the zip's bytes, whose entry dates change with every
build.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from webapp.config import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "build_report_templates.py"
COMMITTED = PROJECT_ROOT / "templates" / "reports"


def _parts(path: Path) -> dict[str, str | bytes]:
    """Every part of a .docx: XML parts as text, anything else (the thumbnail) as bytes."""
    with zipfile.ZipFile(path) as docx:
        return {
            name: data.decode("utf-8") if name.endswith((".xml", ".rels")) else data
            for name in docx.namelist()
            for data in [docx.read(name)]
        }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The templates as the script writes them, in a folder of their own."""
    spec = importlib.util.spec_from_file_location("build_report_templates", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path_factory.mktemp("report-templates")
    for kind in script.BODIES:  # what main() writes, one file per kind
        script.build(kind).save(out / f"{kind}.docx")
    return out


def test_the_script_builds_exactly_the_committed_templates(rebuilt):
    assert sorted(p.name for p in rebuilt.glob("*.docx")) == sorted(
        p.name for p in COMMITTED.glob("*.docx")
    )


def test_every_committed_template_is_what_the_script_builds(rebuilt):
    stale = []
    for built in sorted(rebuilt.glob("*.docx")):
        committed = COMMITTED / built.name
        if not committed.exists():
            continue  # the test above names it
        new, old = _parts(built), _parts(committed)
        stale += [
            f"{built.name}: {name}"
            for name in sorted(new.keys() | old.keys())
            if new.get(name) != old.get(name)
        ]
    assert not stale, (
        "templates/reports differs from what scripts/build_report_templates.py builds; run "
        ".venv/bin/python scripts/build_report_templates.py and commit the files:\n"
        + "\n".join(stale)
    )
