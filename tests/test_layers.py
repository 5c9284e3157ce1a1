"""The complaint core imports nothing above itself (STYLE.md habit 10): features plug in through
complaints/hooks.py. Read from the source with `ast`, so imports inside functions count too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "shikayat" / "complaints"
# What the core may use: itself and the layers below it (ARCHITECTURE.md).
BELOW = {"complaints", "core", "accounts", "jurisdictions", "categories", "notifications"}
FEATURES = {"dashboards", "deadlines", "information", "accountability", "services", "reports", "channels", "bot",
            "whatsapp", "web", "api", "citizens", "updates", "worker", "demo", "calls", "quality", "integrations",
            "open311", "webhooks", "ops", "backup", "similar"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source` (top-level or in functions, `import x`,
    `from x import y`, relative ones resolved against `module`), and of import_module("…") / __import__("…")."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base)
                names = [f"{prefix}.{node.module}"] if node.module else [f"{prefix}.{a.name}" for a in node.names]
            else:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def upward_imports(path: Path) -> list[str]:
    module = module_name(path)
    problems = []
    for line, name in imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
        parts = name.split(".")
        if parts[0] == "shikayat" and len(parts) > 1 and parts[1] not in BELOW:
            problems.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return problems


def test_the_complaint_core_imports_no_feature():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 15  # the whole core is read, migrations included
    problems = [problem for path in files for problem in upward_imports(path)]
    assert problems == [], "The complaint core must not import features (register a listener instead):\n" + \
        "\n".join(problems)


def test_the_layers_below_are_known_apps_and_no_feature_is_called_below():
    apps = {path.name for path in (ROOT / "shikayat").iterdir() if (path / "apps.py").exists()}
    assert apps >= BELOW | FEATURES and not BELOW & FEATURES


@pytest.mark.parametrize("source", [
    "from shikayat.dashboards import rollup",
    "import shikayat.deadlines.ledger",
    "def f():\n    from shikayat.accountability.accused import is_barred_path\n",
    "from ...information import alerts",  # relative, from shikayat/complaints/x/y.py
    "import importlib\nimportlib.import_module('shikayat.web.views')",
])
def test_the_check_catches_every_form_of_import(source):
    names = [name for _line, name in imported_modules(source, "shikayat.complaints.x.y")]
    assert any(name.split(".")[1] in FEATURES for name in names if name.startswith("shikayat.")), names


def test_relative_imports_resolve_within_the_core():
    names = [name for _line, name in imported_modules("from . import hooks\nfrom .models import Complaint\n"
                                                      "from .. import core", "shikayat.complaints.actions")]
    assert names == ["shikayat.complaints.hooks", "shikayat.complaints.models", "shikayat.core"]
