"""Rule 1 of DESIGN.md: the core never imports Qt (ruff's banned-api enforces it statically)."""

import subprocess
import sys

from tests.conftest import REPO

CHECK = """
import importlib, pkgutil, sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
import annotator.core, annotator.core.nlp
names = [m.name for m in pkgutil.walk_packages(annotator.core.__path__, "annotator.core.")]
names += ["annotator.cli", "annotator.config", "annotator.errors", "annotator.progress"]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10


def _ruff(filename: str, source: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--stdin-filename", filename, "-"],
        input=source,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_refuses_pyside6_in_core_but_not_in_ui() -> None:
    source = "from PySide6.QtCore import QObject\n\n__all__ = ['QObject']\n"
    in_core = _ruff("annotator/core/bad.py", source)
    assert in_core.returncode == 1
    assert "TID251" in in_core.stdout
    assert _ruff("annotator/ui/fine.py", source).returncode == 0
