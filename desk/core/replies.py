"""Quick replies (快捷回复/话术): what the shop pastes into the chat, grouped by situation.

Built-in groups have a key and the shop's own name (欢迎语, 库存, …); users add groups of their
own. A reply has a title, an optional shortcode (typed in the search box: ``/hy``) and a body with
placeholders (``{买家}``, ``{订单号}``, …) that `fill` replaces. The library is small (hundreds
of replies), so it is searched and sorted in Python, with pinyin on titles.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from peewee import IntegrityError, fn

from desk import paths
from desk.core import changes, pinyin
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _, current_language
from desk.models import QuickReply, ReplyGroup
from desk.models.base import now

#: key, English source name, the shop's Chinese name (stored in the file, shown in Chinese).
BUILTIN_GROUPS = (
    ("welcome", N_("Greeting"), "欢迎语"),
    ("stock", N_("Stock"), "库存"),
    ("size", N_("Size"), "尺码"),
    ("logistics", N_("Shipping"), "物流"),
    ("color", N_("Colour difference"), "色差"),
    ("returns", N_("Returns and exchanges"), "退换货"),
    ("bargain", N_("Bargaining"), "议价"),
    ("soothe", N_("Calming an upset buyer"), "安抚"),
    ("payment", N_("Payment reminder"), "催付"),
    ("goodbye", N_("Goodbye"), "道别"),
    ("followup", N_("After-sale follow-up"), "售后回访"),
)
PLACEHOLDERS = ("买家", "订单号", "快递", "单号", "货号", "颜色", "尺码", "尺码表", "店名")
STARTER_FILE = "replies/starter_zh_CN.json"
MAX_TITLE = 40
MAX_BODY = 2000
MAX_SHORTCODE = 20
MAX_GROUP_NAME = 20

_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,12})\}")


@dataclass(frozen=True)
class GroupRow:
    id: int
    key: str | None  # None for the user's own groups
    name: str
    position: int
    reply_count: int

    @property
    def builtin(self) -> bool:
        return self.key is not None


@dataclass(frozen=True)
class ReplyDraft:
    group_id: int
    title: str
    body: str
    shortcode: str | None = None


@dataclass(frozen=True)
class ReplyRow:
    id: int
    group_id: int
    group_name: str
    title: str
    shortcode: str | None
    body: str
    use_count: int
    last_used_at: datetime.datetime | None
    position: int


@dataclass(frozen=True)
class FilledReply:
    text: str
    missing: tuple[str, ...]  # known placeholders with no value: the UI asks for them


@dataclass(frozen=True)
class InstallResult:
    added: int
    skipped: int


def _group_name(key: str | None, stored: str) -> str:
    for builtin_key, english, chinese in BUILTIN_GROUPS:
        if key == builtin_key:
            return chinese if current_language() == "zh_CN" else _(english)
    return stored


def ensure_groups() -> Changes:
    """Create the built-in groups that are missing (idempotent)."""
    created = False
    with db.atomic():
        existing = {k for (k,) in ReplyGroup.select(ReplyGroup.key).tuples()}
        for position, (key, _english, chinese) in enumerate(BUILTIN_GROUPS):
            if key not in existing:
                ReplyGroup.create(key=key, name=chinese, position=position)
                created = True
    return Changes.of(changes.REPLIES) if created else Changes()


def list_groups() -> list[GroupRow]:
    counts = dict(
        QuickReply.select(QuickReply.group, fn.COUNT(QuickReply.id)).group_by(QuickReply.group).tuples()
    )
    return [
        GroupRow(g.id, g.key, _group_name(g.key, g.name), g.position, counts.get(g.id, 0))
        for g in ReplyGroup.select().order_by(ReplyGroup.position, ReplyGroup.id)
    ]


def _require_group(group_id: int) -> ReplyGroup:
    group = ReplyGroup.get_or_none(ReplyGroup.id == group_id)
    if group is None:
        raise ValidationError(_("This reply group no longer exists."), "group")
    return group


def _clean_group_name(name: str, except_id: int | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("A group name is required."), "name")
    if len(name) > MAX_GROUP_NAME:
        raise ValidationError(
            _("The group name is too long (at most {count} characters).").format(count=MAX_GROUP_NAME),
            "name",
        )
    if any(g.name == name for g in list_groups() if g.id != except_id):
        raise ValidationError(_("There is already a group called {name}.").format(name=name), "name")
    return name


def add_group(name: str) -> tuple[GroupRow, Changes]:
    with db.atomic():
        name = _clean_group_name(name, None)
        position = (ReplyGroup.select(fn.MAX(ReplyGroup.position)).scalar() or 0) + 1
        group = ReplyGroup.create(key=None, name=name, position=position)
    return GroupRow(group.id, None, name, position, 0), Changes.of(changes.REPLIES)


def rename_group(group_id: int, name: str) -> Changes:
    with db.atomic():
        group = _require_group(group_id)
        if group.key is not None:
            raise DomainError(_("Built-in groups cannot be renamed."))
        group.name = _clean_group_name(name, group_id)
        group.save()
    return Changes.of(changes.REPLIES)


def delete_group(group_id: int) -> Changes:
    with db.atomic():
        group = _require_group(group_id)
        if group.key is not None:
            raise DomainError(_("Built-in groups cannot be deleted."))
        if QuickReply.select().where(QuickReply.group == group_id).exists():
            raise DomainError(
                _("The group {name} still has replies. Move or delete them first.").format(
                    name=group.name
                )
            )
        group.delete_instance()
    return Changes.of(changes.REPLIES)


def normalize_shortcode(shortcode: str | None) -> str | None:
    value = unicodedata.normalize("NFKC", shortcode or "").strip().lower()
    return value or None


def _clean(draft: ReplyDraft, except_id: int | None) -> ReplyDraft:
    _require_group(draft.group_id)
    title = " ".join((draft.title or "").split())
    if not title:
        raise ValidationError(_("A title is required."), "title")
    if len(title) > MAX_TITLE:
        raise ValidationError(
            _("The title is too long (at most {count} characters).").format(count=MAX_TITLE), "title"
        )
    body = (draft.body or "").strip()
    if not body:
        raise ValidationError(_("The reply text is empty."), "body")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("The reply is too long (at most {count} characters).").format(count=MAX_BODY), "body"
        )
    shortcode = normalize_shortcode(draft.shortcode)
    if shortcode is not None:
        if len(shortcode) > MAX_SHORTCODE or any(ch.isspace() for ch in shortcode):
            raise ValidationError(
                _("A shortcode has no spaces and at most {count} characters.").format(
                    count=MAX_SHORTCODE
                ),
                "shortcode",
            )
        taken = QuickReply.select().where(QuickReply.shortcode == shortcode)
        if except_id is not None:
            taken = taken.where(QuickReply.id != except_id)
        other = taken.first()
        if other is not None:
            raise ValidationError(
                _("Shortcode {shortcode} is already used by “{title}”.").format(
                    shortcode=shortcode, title=other.title
                ),
                "shortcode",
            )
    return ReplyDraft(draft.group_id, title, body, shortcode)


def _row(reply: QuickReply, groups: dict[int, str] | None = None) -> ReplyRow:
    if groups is None:
        groups = {g.id: g.name for g in list_groups()}
    return ReplyRow(reply.id, reply.group_id, groups.get(reply.group_id, ""), reply.title,
                    reply.shortcode, reply.body, reply.use_count, reply.last_used_at, reply.position)


def get_reply(reply_id: int) -> ReplyRow:
    reply = QuickReply.get_or_none(QuickReply.id == reply_id)
    if reply is None:
        raise DomainError(_("This reply no longer exists."))
    return _row(reply)


def _taken_message(draft: ReplyDraft) -> ValidationError:
    return ValidationError(
        _("Shortcode {shortcode} is already used.").format(shortcode=draft.shortcode), "shortcode"
    )


def create_reply(draft: ReplyDraft) -> tuple[ReplyRow, Changes]:
    try:
        with db.atomic():
            draft = _clean(draft, None)
            position = (
                QuickReply.select(fn.MAX(QuickReply.position))
                .where(QuickReply.group == draft.group_id)
                .scalar()
                or 0
            ) + 1
            reply = QuickReply.create(group=draft.group_id, title=draft.title, body=draft.body,
                                      shortcode=draft.shortcode, position=position)
    except IntegrityError:
        raise _taken_message(draft) from None
    return get_reply(reply.id), Changes.of(changes.REPLIES)


def update_reply(reply_id: int, draft: ReplyDraft) -> tuple[ReplyRow, Changes]:
    try:
        with db.atomic():
            get_reply(reply_id)
            draft = _clean(draft, reply_id)
            QuickReply.update(group=draft.group_id, title=draft.title, body=draft.body,
                              shortcode=draft.shortcode).where(QuickReply.id == reply_id).execute()
    except IntegrityError:
        raise _taken_message(draft) from None
    return get_reply(reply_id), Changes.of(changes.REPLIES)


def delete_reply(reply_id: int) -> Changes:
    with db.atomic():
        QuickReply.delete().where(QuickReply.id == reply_id).execute()
    return Changes.of(changes.REPLIES)


def search_replies(
    query: str = "", group_id: int | None = None, sort: str = "use"
) -> list[ReplyRow]:
    """Replies whose shortcode, title or text contains `query` (or the title's pinyin does).

    An exact shortcode match comes first (typing ``/hy`` then Enter copies that reply); then by
    use (most used, most recently used) or by title in pinyin order.
    """
    if sort not in ("use", "title"):
        raise ValueError(sort)
    select = QuickReply.select()
    if group_id is not None:
        select = select.where(QuickReply.group == group_id)
    groups = {g.id: g.name for g in list_groups()}
    rows = [_row(r, groups) for r in select]
    text = (query or "").strip()
    if text:
        wanted = text.lower()
        code = (normalize_shortcode(text) or "").lstrip("/")  # "/hy" and "hy" find each other
        rows = [
            r for r in rows
            if (r.shortcode and code and code in r.shortcode.lstrip("/"))
            or wanted in r.title.lower() or wanted in r.body.lower()
            or pinyin.matches(text, r.title)
        ]
    else:
        code = None

    def order(r: ReplyRow):
        exact = 0 if code and (r.shortcode or "").lstrip("/") == code else 1
        if sort == "use":
            last = r.last_used_at.timestamp() if r.last_used_at else 0
            return (exact, -r.use_count, -last, pinyin.sort_key(r.title), r.id)
        return (exact, pinyin.sort_key(r.title), r.title, r.id)

    return sorted(rows, key=order)


def placeholders_in(body: str) -> list[str]:
    """The known placeholders a body uses, in order of first appearance."""
    found = [m.group(1) for m in _PLACEHOLDER.finditer(body or "")]
    return list(dict.fromkeys(name for name in found if name in PLACEHOLDERS))


def fill(body: str, values: dict[str, object]) -> FilledReply:
    """Replace placeholders that have a value; unknown braces stay as typed; known placeholders
    without a value stay too and are listed in `missing` (the UI asks for them, then fills again).
    """
    given = {}
    for key, value in (values or {}).items():
        name = str(key).strip().strip("{}")
        if value is not None and str(value).strip():
            given[name] = str(value).strip()
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in given:
            return given[name]
        if name in PLACEHOLDERS and name not in missing:
            missing.append(name)
        return match.group(0)

    return FilledReply(_PLACEHOLDER.sub(replace, body or ""), tuple(missing))


def record_use(reply_id: int) -> Changes:
    """Count one copy of the reply (the list can be sorted by use)."""
    with db.atomic():
        QuickReply.update(use_count=QuickReply.use_count + 1, last_used_at=now()).where(
            QuickReply.id == reply_id
        ).execute()
    return Changes.of(changes.REPLIES)


def install_starter_library(path: Path | None = None) -> tuple[InstallResult, Changes]:
    """Add the starter replies (resources/replies/starter_zh_CN.json) that are not there yet.

    A starter reply is skipped when a reply with its shortcode, or with its title in the same
    group, already exists — so running it twice adds nothing, and the user's edits are kept.
    """
    path = path or paths.resource_dir() / STARTER_FILE
    library = json.loads(Path(path).read_text(encoding="utf-8"))
    added = skipped = 0
    with db.atomic():
        ensure_groups()
        groups = {g.key: g.id for g in ReplyGroup.select() if g.key}
        for item in library["replies"]:
            group_id = groups[item["group"]]
            shortcode = normalize_shortcode(item.get("shortcode"))
            same = (QuickReply.group == group_id) & (QuickReply.title == item["title"])
            if shortcode:
                same = same | (QuickReply.shortcode == shortcode)
            exists = QuickReply.select().where(same).exists()
            if exists:
                skipped += 1
                continue
            create_reply(ReplyDraft(group_id, item["title"], item["body"], shortcode))
            added += 1
    return InstallResult(added, skipped), Changes.of(changes.REPLIES) if added else Changes()
