"""Shop-wide settings kept in the shop file: the shop profile (sender on labels), the ship
cut-off, the default courier, the language."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.db.connection import db
from desk.i18n import LANGUAGES, _
from desk.models import Setting
from desk.models.base import now

PROFILE_KEY = "shop_profile"
LANGUAGE_KEY = "language"

COURIERS = ("SF", "ZTO", "YTO", "STO", "YUNDA", "JT", "EMS", "JD")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PHONE = re.compile(r"^\+?[\d\- ]{5,20}$")


@dataclass(frozen=True)
class ShopProfile:
    shop_name: str = ""
    sender_name: str = ""
    sender_phone: str = ""
    sender_address: str = ""
    ship_cutoff: str = "16:00"
    default_courier: str = "ZTO"


def _get(key: str, default):
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def _put(key: str, value) -> None:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    (
        Setting.insert(key=key, value=text, updated_at=now())
        .on_conflict(conflict_target=[Setting.key], update={Setting.value: text, Setting.updated_at: now()})
        .execute()
    )


def get_profile() -> ShopProfile:
    stored = _get(PROFILE_KEY, {})
    known = {f.name for f in fields(ShopProfile)}
    return ShopProfile(**{k: str(v) for k, v in stored.items() if k in known})


def save_profile(profile: ShopProfile) -> Changes:
    """Validate and store the shop profile; raises ValidationError naming the field."""
    cleaned = ShopProfile(**{k: str(v).strip() for k, v in asdict(profile).items()})
    if not cleaned.shop_name:
        raise ValidationError(_("Shop name is required."), "shop_name")
    if len(cleaned.shop_name) > 60:
        raise ValidationError(_("Shop name is too long (at most 60 characters)."), "shop_name")
    if cleaned.sender_phone and not _PHONE.match(cleaned.sender_phone):
        raise ValidationError(
            _("Sender phone may contain only digits, spaces, dashes and a leading +."), "sender_phone"
        )
    if not _TIME.match(cleaned.ship_cutoff):
        raise ValidationError(_("Ship cut-off must be a time such as 16:00."), "ship_cutoff")
    if cleaned.default_courier not in COURIERS:
        raise ValidationError(_("Unknown courier."), "default_courier")
    with db.atomic():
        _put(PROFILE_KEY, asdict(cleaned))
    return Changes.of(changes.SETTINGS)


def get_language() -> str | None:
    value = _get(LANGUAGE_KEY, None)
    return value if value in LANGUAGES else None


def save_language(language: str) -> Changes:
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."), "language")
    with db.atomic():
        _put(LANGUAGE_KEY, language)
    return Changes.of(changes.SETTINGS)


def courier_name(code: str) -> str:
    """The courier's name as the users say it."""
    names = {
        "SF": _("SF Express"),
        "ZTO": _("ZTO Express"),
        "YTO": _("YTO Express"),
        "STO": _("STO Express"),
        "YUNDA": _("Yunda Express"),
        "JT": _("J&T Express"),
        "EMS": _("EMS / China Post"),
        "JD": _("JD Logistics"),
    }
    return names.get(code, code)
