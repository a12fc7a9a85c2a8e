"""The layer rule of STYLE.md holds by itself: nothing below desk.ui imports PySide6."""

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6.") or name == "shiboken6":
                raise ImportError("PySide6 is blocked below the UI layer: " + name)
            return None

    sys.meta_path.insert(0, Block())
    import desk
    names = ["desk.i18n", "desk.paths", "desk.cli"]
    names += ["desk." + m.name for m in pkgutil.iter_modules(desk.__path__) if m.name.startswith("cli_")]
    for package in ("desk.core", "desk.models", "desk.db", "desk.pdf"):
        module = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(module.__path__, package + ".")]
    for name in names:
        if ".migrations." in name:
            continue  # loaded by path by the migration runner, not importable by name
        importlib.import_module(name)
    assert not any(m.startswith("PySide6") for m in sys.modules)
    assert "desk.cli_labels" in names  # the feature modules of the command line were found
    print("imported", len(names))
    """
)


def test_domain_layers_import_without_pyside6():
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split()[-1])
    assert count >= 10  # the walk really found the modules


def test_the_blocker_really_blocks():
    """Guard against a blocker that lets PySide6 through (the test above would then prove nothing)."""
    probe = CHILD.split("import desk")[0] + "import PySide6.QtCore\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode != 0
    assert "blocked below the UI layer" in result.stderr


def test_the_window_starts_without_loading_the_pdf_library():
    """reportlab (and PIL through it) costs about 0.4 s to import: the main window, its session
    and the home page load it only when a PDF is first made (bench/startup.py has the figure)."""
    code = ("import sys, desk.ui.main_window, desk.ui.today.page, desk.ui.session; "
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'PIL'))))")
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
