"""The smoke size of scripts/bench_imports.py (200 households): it runs, lands every loan,
and the loans page's total equals the file's. Figures only, never times."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_benchmark_runs_at_its_small_size():
    done = subprocess.run(
        [sys.executable, "scripts/bench_imports.py", "--small"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "loans created: 200;" in done.stdout
    assert ": True" in done.stdout.splitlines()[-1]
