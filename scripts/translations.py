"""Keep the translations in step with the code: extract, merge, compile, report.

    uv run python scripts/translations.py           # extract → merge → compile, list untranslated
    uv run python scripts/translations.py --check   # exit 1 if anything is untranslated or stale

1. every `_()`, `N_()` and `ngettext()` string under desk/ is extracted (babel.messages.extract)
   into resources/translations/desk.pot;
2. the template is merged into each resources/translations/<lang>/LC_MESSAGES/desk.po, keeping
   the existing translations (no fuzzy guessing: a changed source string is untranslated again,
   never silently given a neighbour's translation); strings no longer in the code are dropped;
3. each .po is compiled to the desk.mo beside it (committed, so the app needs no Babel).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "desk"
TRANSLATIONS = ROOT / "resources" / "translations"
DOMAIN = "desk"
LANGUAGES = ("zh_CN",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python")]


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """The template: every marked string under desk/, with where it is used."""
    template = Catalog(project="Shop Desk", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):  # fmt: skip
        location = (f"desk/{Path(filename).as_posix()}", lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


HEADER = """\
# Simplified Chinese translations of Shop Desk (小店工作台).
# Written for shop owners: the words they use every day (店铺文件, 备份, 恢复, 在岗, 快递单).
# Maintained with scripts/translations.py; do not edit the .mo by hand.
#"""


def read_catalog(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(
            locale=language, domain=DOMAIN, project="Shop Desk", header_comment=HEADER, fuzzy=False
        )
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def merge(catalog: Catalog, template: Catalog) -> Catalog:
    """Bring `catalog` up to `template`; the header dates stay put so re-runs change nothing."""
    catalog.update(
        template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False
    )
    catalog.obsolete.clear()
    catalog.fuzzy = False
    return catalog


def compile_mo(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def write_po_file(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, sort_by_file=True,
             ignore_obsolete=True, include_previous=False)  # fmt: skip
    path.write_bytes(buffer.getvalue())


def fill(catalog: Catalog, sources: list[Path]) -> None:
    """Add translations from JSON files to messages that lack one (existing ones are kept)."""
    import json

    for source in sources:
        for msgid, text in json.loads(source.read_text(encoding="utf-8")).items():
            message = catalog.get(msgid)
            if message is not None and not message.string and isinstance(text, str) and text:
                message.string = text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if not current")
    parser.add_argument("--fill", type=Path, action="append", default=[], metavar="JSON",
                        help="zh_CN translations to add: a JSON object {msgid: translation}")
    args = parser.parse_args(argv)
    template = extract()
    status = 0
    if not args.check:
        write_po_file(TRANSLATIONS / f"{DOMAIN}.pot", template)
    for language in LANGUAGES:
        path = po_path(language)
        catalog = merge(read_catalog(path, language), template)
        if language == "zh_CN":
            fill(catalog, args.fill)
        missing = untranslated(catalog)
        mo_path = path.with_suffix(".mo")
        mo = compile_mo(catalog)
        if args.check:
            stale = not mo_path.exists() or mo_path.read_bytes() != mo
            if stale:
                print(f"{mo_path.relative_to(ROOT)} is not compiled from the current .po")
                status = 1
        else:
            write_po_file(path, catalog)
            mo_path.write_bytes(mo)
        print(f"{language}: {len(template)} strings, {len(missing)} untranslated")
        for message in missing:
            print(f"  untranslated: {message!r}")
        status = status or (1 if missing else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
