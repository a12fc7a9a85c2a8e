"""Translations: every string in desk/ has a Simplified Chinese translation, the committed .mo is
compiled from the .po, placeholders survive translation, and no f-string goes into `_()`."""

from __future__ import annotations

import ast
import gettext
import importlib.util
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources" / "translations" / "zh_CN" / "LC_MESSAGES" / "desk.po"
MO = PO.with_suffix(".mo")
MARKERS = {"_", "N_", "ngettext"}


def _tool():
    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "scripts" / "translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="zh_CN", domain="desk")


def _ids(message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def test_every_source_string_is_translated(tool, catalog):
    missing = []
    for message in tool.extract():
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        found = catalog.get(message.id)
        if found is None or found.fuzzy or not all(_strings(found)):
            locations = ", ".join(f"{path}:{line}" for path, line in message.locations)
            missing.append(f"{key!r} ({locations})")
    assert not missing, "untranslated (run scripts/translations.py):\n" + "\n".join(missing)


def test_committed_mo_is_compiled_from_the_po(tool, catalog):
    compiled = gettext.GNUTranslations(io.BytesIO(tool.compile_mo(catalog)))
    committed = gettext.GNUTranslations(io.BytesIO(MO.read_bytes()))
    assert committed._catalog == compiled._catalog, "run scripts/translations.py to recompile"


def _placeholders(text: str) -> set[str]:
    names = {
        field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None
    }
    return names | set(re.findall(r"%\((\w+)\)[sd]", text))


def test_placeholders_are_kept(catalog):
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        expected = set().union(*(_placeholders(i) for i in _ids(message)))
        for translated in _strings(message):
            if translated and _placeholders(translated) != expected:
                wrong.append(f"{_ids(message)[0]!r} → {translated!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_translations_are_chinese(catalog):
    """A sanity check that the .po is not English copied over (a few strings are codes)."""
    han = re.compile(r"[\u4e00-\u9fff]")
    chinese = [m for m in catalog if m.id and han.search(_strings(m)[0] or "")]
    assert len(chinese) >= 0.9 * len([m for m in catalog if m.id])


def _python_files():
    return sorted((ROOT / "desk").rglob("*.py"))


def test_no_f_strings_inside_translation_calls():
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and any(isinstance(arg, ast.JoinedStr) for arg in node.args)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "f-string inside _(): " + ", ".join(offenders)


def test_the_tool_finds_strings_from_every_layer(tool):
    files = {path.split("/")[1] for m in tool.extract() for path, _line in m.locations}
    assert {"core", "db", "ui"} <= files
