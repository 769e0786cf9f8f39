"""The dependency table of DESIGN.md, read off the source: arrows only run down it.

Every ``import`` and ``from … import`` in a package's files is parsed (top-level and
lazy imports alike), so a new arrow upwards fails here before it grows into a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: what each folder may import from the project (DESIGN.md, "imports from this project")
ALLOWED = {
    "features": set(),
    "obligations": set(),
    "classifier": {"features"},
    "reports": {"classifier", "obligations"},
}
#: the runtime classifier does not read the labelled cases; only its training does
TRAINING = "classifier/training"


def project_imports(folder: Path, root: Path = ROOT) -> dict[str, set[str]]:
    """For each file under ``folder``, the project packages it imports (``workstatus.<pkg>``)."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "workstatus" and len(parts) > 1:
                    names.add(".".join(parts[1:3]))
        found[path.relative_to(root).as_posix()] = names
    return found


def package_of(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_a_package_imports_only_what_the_design_allows(folder):
    wrong = {}
    for path, names in project_imports(ROOT / folder).items():
        packages = {package_of(name) for name in names} - {folder}
        if path.startswith(TRAINING):
            packages -= {"labelled_cases"}
        extra = packages - ALLOWED[folder]
        if extra:
            wrong[path] = sorted(extra)
    assert not wrong, f"imports against DESIGN.md's table: {wrong}"


def test_only_training_reads_the_labelled_cases():
    readers = [path for folder in ALLOWED for path, names in project_imports(ROOT / folder).items()
               if "labelled_cases" in {package_of(name) for name in names} and not path.startswith(TRAINING)]
    assert not readers, readers


def test_the_service_and_the_facade_do_not_import_the_command_line():
    wrong = {path: sorted(names) for sub in ("service", "engines") for path, names in
             project_imports(ROOT / "workstatus" / sub).items() if any(n.startswith("commands") or n == "cli"
                                                                       for n in names)}
    for name in ("_assess.py", "assessment.py", "batch.py", "audit.py", "tables.py"):
        names = project_imports(ROOT / "workstatus").get(f"workstatus/{name}", set())
        if any(n.startswith("commands") or n == "cli" for n in names):
            wrong[name] = sorted(names)
    assert not wrong, f"a front end's module imported from below it: {wrong}"


def test_the_walker_sees_a_lazy_import(tmp_path):
    (tmp_path / "m.py").write_text("def f():\n    from workstatus.commands._common import fail\n", encoding="utf-8")
    assert project_imports(tmp_path, root=tmp_path) == {"m.py": {"commands._common"}}
