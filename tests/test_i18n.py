"""English is a full second language: every interface string is marked and translated.

Three checks keep it so without anyone remembering to: no Vietnamese text outside ``_()`` in the
templates, none outside ``_()`` / ``_l()`` in the interface's Python modules, and every marked
string has an English translation in ``translations/en``. Report wording (indicator labels, the
document context, the demo records) is Vietnamese by design and is listed in ``VIETNAMESE_ONLY``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
GETTEXT_CALLS = set(KEYWORDS)

# Vietnamese letters that plain English never uses.
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
# A line that deliberately keeps Vietnamese (a file format's column names, a value stored in the
# database, the language switch's own name) says so.
MARKER = "vi-only"

# Modules whose Vietnamese is the report's or the records' wording, not the interface's.
VIETNAMESE_ONLY = (
    "webapp/demo/",
    "webapp/indicators/",
    "webapp/documents/context.py",
    "webapp/documents/lists.py",
    "webapp/documents/charts.py",
    "webapp/documents/defaults.py",
    "webapp/documents/narrative.py",
    "webapp/models/activity_defaults.py",
    "webapp/formatting.py",
    "webapp/text.py",
    "webapp/cli.py",
    # The worker writes its messages into job rows; it has no user, so they are Vietnamese.
    "tasks/",
)


def _python_modules() -> list[Path]:
    files = sorted((ROOT / "webapp").rglob("*.py")) + sorted((ROOT / "tasks").rglob("*.py"))
    return [f for f in files if not str(f.relative_to(ROOT)).startswith(VIETNAMESE_ONLY)]


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _marked(tree: ast.AST) -> set[int]:
    """Strings that are the first argument of a gettext call."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in GETTEXT_CALLS:
                ids.update(id(a) for a in node.args[:2] if isinstance(a, ast.Constant))
    return ids


def _log_calls(tree: ast.AST) -> set[int]:
    """Strings written to the log (for whoever runs the server, not the interface)."""
    ids = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and getattr(node.func.value, "id", None) in {"log", "logger"}
        ):
            ids.update(id(n) for a in node.args for n in ast.walk(a))
    return ids


def test_interface_python_has_no_vietnamese_outside_gettext():
    unmarked = []
    for path in _python_modules():
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source)
        allowed = _docstrings(tree) | _marked(tree) | _log_calls(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and VIETNAMESE.search(node.value)
                and id(node) not in allowed
                and not any(MARKER in lines[n - 1] for n in range(node.lineno, node.end_lineno + 1))
            ):
                unmarked.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:50]!r}")
    assert not unmarked, "Vietnamese text not marked for translation:\n" + "\n".join(unmarked)


JINJA_BLOCK = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
JINJA_STRING = re.compile(r"""(_\(\s*)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def test_templates_have_no_vietnamese_outside_gettext():
    unmarked = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if MARKER in line:
                continue
            text = JINJA_BLOCK.sub(" ", line)
            strings = [
                s
                for block in JINJA_BLOCK.findall(line)
                if not block.startswith("{#")
                for marked, s in JINJA_STRING.findall(block)
                if not marked
            ]
            if VIETNAMESE.search(text) or any(VIETNAMESE.search(s) for s in strings):
                unmarked.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:70]}")
    assert not unmarked, "Vietnamese text not marked for translation:\n" + "\n".join(unmarked)


def _extracted() -> dict[str, str]:
    messages = {}
    method_map = [
        ("webapp/**.py", "python"),
        ("tasks/**.py", "python"),
        ("templates/**.html", "jinja2"),
    ]
    for directory in ("webapp", "tasks", "templates"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / directory,
            method_map=[(p.split("/", 1)[1], m) for p, m in method_map if p.startswith(directory)],
            keywords=KEYWORDS,
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            messages.setdefault(msgid, f"{directory}/{filename}:{lineno}")
    return messages


def test_every_marked_string_has_an_english_translation():
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh)
    missing = []
    for msgid, where in _extracted().items():
        entry = catalog.get(msgid)
        text = entry.string if entry else None
        if isinstance(text, tuple):
            text = text[0]
        if not text or entry.fuzzy:
            missing.append(f"{where}: {msgid!r}")
    assert not missing, "no English for:\n" + "\n".join(sorted(missing))
