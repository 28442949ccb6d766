"""The import rule of the stages, read from the source (no imports, no rendering).

Each stage imports only the stages before it and the libraries its ``__init__``
docstring names; ``build`` imports the other stages only inside functions, except in
the modules that run in worker processes. This keeps a no-op build free of
WeasyPrint and pydantic (``test_builds`` checks that at run time) and keeps each
stage's job where its docstring says.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "foldline"
SHARED = {"foldline", "foldline.errors", "foldline.project", "foldline.atomic", "foldline.files", "foldline.lengths"}

# Per stage: the foldline stages and the third-party top-level modules it may import.
RULES = {
    "content": (set(), {"yaml", "pydantic", "phonenumbers", "email_validator", "fontTools", "lxml", "polib", "markdown_it"}),
    "layout": ({"content"}, {"jinja2", "markupsafe", "segno", "pydantic", "regex", "weasyprint", "pydyf"}),  # pydyf: what WeasyPrint draws with
    "pdf": ({"content", "layout"}, {"pypdf", "pypdfium2", "pydyf", "PIL", "pyzbar", "regex"}),
    "build": ({"content", "layout", "pdf"}, set()),
    "commands": ({"content", "layout", "pdf", "build"}, {"watchdog"}),
}
# build modules that run only in worker processes (or ``watch``) and import the stages at the top.
WORKER_SIDE = {"foldline.build.produce", "foldline.build.worker"}
# Libraries heavy enough that importing them must wait until a function needs them.
LAZY = {"weasyprint"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool, int]]:
    """(imported module, at module level?, line) for every import in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    for node in tree.body:  # imports under `if TYPE_CHECKING:` and try/except at the top count as top level
        if isinstance(node, (ast.If, ast.Try)):
            top_level |= {id(child) for child in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                targets = [".".join([*base, node.module] if node.module else base)]
            else:
                targets = [node.module or ""]
        else:
            continue
        found += [(target, id(node) in top_level, node.lineno) for target in targets]
    return found


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "foldline" and parts[1] in RULES else None


def violations(path: Path) -> list[str]:
    name = module_name(path)
    stage = stage_of(name)
    if stage is None:
        return []
    stages, libraries = RULES[stage]
    problems = []
    for target, at_top, line in imports(path):
        where = f"{path.relative_to(PACKAGE.parent)}:{line}: imports {target}"
        root = target.split(".")[0]
        if root == "foldline":
            other = stage_of(target)
            if other is None:
                if ".".join(target.split(".")[:2]) not in SHARED:
                    problems.append(f"{where} (not a stage or shared module)")
            elif other != stage:
                if other not in stages:
                    problems.append(f"{where} ({stage} may not import {other})")
                elif stage == "build" and at_top and name not in WORKER_SIDE:
                    problems.append(f"{where} (build imports other stages only inside functions)")
        elif root in sys.stdlib_module_names or root == "__future__":
            continue
        elif root not in libraries:
            problems.append(f"{where} ({root} is not among {stage}'s libraries)")
        elif root in LAZY and at_top:
            problems.append(f"{where} ({root} only inside functions)")
    return problems


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_module_keeps_its_stage_import_rule(path):
    assert violations(path) == []


def test_every_stage_documents_its_imports():
    for stage in RULES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc, f"foldline/{stage}/__init__.py must say what it may import"


def test_the_rule_fires_on_a_forbidden_import(tmp_path, monkeypatch):
    """A content module importing the layout stage, a layout module importing WeasyPrint at
    the top and a planning module importing a stage at the top are each reported."""
    fake = tmp_path / "foldline"
    for stage in RULES:
        (fake / stage).mkdir(parents=True)
    (fake / "content" / "bad.py").write_text("from ..layout import views\n", encoding="utf-8")
    (fake / "layout" / "bad.py").write_text("import weasyprint\n", encoding="utf-8")
    (fake / "build" / "plan.py").write_text("from ..layout.formats import load_format\n", encoding="utf-8")
    (fake / "build" / "lazy.py").write_text("def f():\n    from ..layout import formats\n", encoding="utf-8")
    (fake / "pdf" / "bad.py").write_text("import requests\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert "content may not import layout" in violations(fake / "content" / "bad.py")[0]
    assert "weasyprint only inside functions" in violations(fake / "layout" / "bad.py")[0]
    assert "only inside functions" in violations(fake / "build" / "plan.py")[0]
    assert violations(fake / "build" / "lazy.py") == []
    assert "requests is not among pdf's libraries" in violations(fake / "pdf" / "bad.py")[0]


def test_no_module_grows_past_one_job():
    """About 350 lines is where a module starts doing two jobs (issue #12's limit)."""
    long = {str(path.relative_to(PACKAGE.parent)): n for path in MODULES
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
