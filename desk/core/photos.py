"""Product photos, stored inside the shop file. Position 0 is the cover.

The core checks that a file really is a picture (JPEG, PNG, WebP or GIF, by its first bytes, not
its name) and not too big; the UI layer (Qt) makes the thumbnail and hands it back with
`set_thumbnail`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from peewee import fn

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.products import require_product
from desk.db.connection import db
from desk.i18n import _
from desk.models import Product, ProductPhoto
from desk.models.base import now

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_THUMBNAIL_BYTES = 1024 * 1024
MAX_PHOTOS = 30


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    product_id: int
    position: int
    mime: str
    size: int  # bytes
    has_thumbnail: bool

    @property
    def is_cover(self) -> bool:
        return self.position == 0


@dataclass(frozen=True)
class PhotoData:
    id: int
    mime: str
    data: bytes
    thumbnail: bytes | None


def sniff_image(data: bytes) -> str | None:
    """The picture's MIME type from its first bytes, or None when it is not a picture we take."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _check(data: bytes, filename: str) -> str:
    name = os.path.basename(filename or "") or _("the file")
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("{name} is {size} MB; a photo can be at most {limit} MB. Make it smaller first.").format(
                name=name, size=_megabytes(len(data)), limit=MAX_PHOTO_BYTES // (1024 * 1024)
            ),
            "photos",
        )
    mime = sniff_image(data)
    if mime is None:
        raise ValidationError(
            _("{name} is not a picture (JPEG, PNG, WebP or GIF).").format(name=name), "photos"
        )
    return mime


def list_photos(product_id: int) -> list[PhotoInfo]:
    query = (
        ProductPhoto.select(
            ProductPhoto.id, ProductPhoto.product, ProductPhoto.position, ProductPhoto.mime,
            fn.LENGTH(ProductPhoto.data).alias("size"),
            ProductPhoto.thumbnail.is_null(False).alias("has_thumbnail"),
        )
        .where(ProductPhoto.product == product_id)
        .order_by(ProductPhoto.position, ProductPhoto.id)
        .tuples()
    )
    return [PhotoInfo(i, p, pos, mime, size, bool(thumb)) for i, p, pos, mime, size, thumb in query]


def add_photo(product_id: int, data: bytes, filename: str) -> tuple[PhotoInfo, Changes]:
    """Store a picture as the product's last photo (the first one becomes the cover)."""
    mime = _check(data, filename)
    with db.atomic():
        require_product(product_id)
        count = ProductPhoto.select().where(ProductPhoto.product == product_id).count()
        if count >= MAX_PHOTOS:
            raise ValidationError(
                _("A product can have at most {count} photos.").format(count=MAX_PHOTOS), "photos"
            )
        photo = ProductPhoto.create(product=product_id, position=count, mime=mime, data=data,
                                    created_at=now())
        Product.update(updated_at=now()).where(Product.id == product_id).execute()
    info = PhotoInfo(photo.id, product_id, count, mime, len(data), False)
    return info, Changes.of(changes.PRODUCTS)


def add_photo_file(product_id: int, path: Path | str) -> tuple[PhotoInfo, Changes]:
    """Like add_photo, from a file (dialog or drag and drop); a huge file is refused unread."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise ValidationError(
                _("{name} is {size} MB; a photo can be at most {limit} MB. Make it smaller first.")
                .format(name=path.name, size=_megabytes(size), limit=MAX_PHOTO_BYTES // (1024 * 1024)),
                "photos",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("Cannot read {name}: {reason}").format(name=path.name, reason=exc.strerror), "photos"
        ) from None
    return add_photo(product_id, data, path.name)


def photo_data(photo_id: int) -> PhotoData:
    photo = ProductPhoto.get_or_none(ProductPhoto.id == photo_id)
    if photo is None:
        raise DomainError(_("This photo no longer exists."))
    thumbnail = bytes(photo.thumbnail) if photo.thumbnail is not None else None
    return PhotoData(photo.id, photo.mime, bytes(photo.data), thumbnail)


def set_thumbnail(photo_id: int, png_bytes: bytes) -> Changes:
    """Keep the thumbnail the UI made (PNG or JPEG, at most 1 MB)."""
    if sniff_image(png_bytes) not in ("image/png", "image/jpeg"):
        raise ValidationError(_("A thumbnail must be a PNG or JPEG picture."), "thumbnail")
    if len(png_bytes) > MAX_THUMBNAIL_BYTES:
        raise ValidationError(_("The thumbnail is too big."), "thumbnail")
    with db.atomic():
        count = ProductPhoto.update(thumbnail=png_bytes).where(ProductPhoto.id == photo_id).execute()
        if not count:
            raise DomainError(_("This photo no longer exists."))
    return Changes.of(changes.PRODUCTS)


def _renumber(product_id: int, ordered_ids: list[int]) -> None:
    for position, photo_id in enumerate(ordered_ids):
        ProductPhoto.update(position=position).where(
            (ProductPhoto.id == photo_id) & (ProductPhoto.product == product_id)
        ).execute()


def reorder_photos(product_id: int, photo_ids: list[int]) -> Changes:
    """Put the product's photos in this order (the first becomes the cover). The list must hold
    exactly the product's photos."""
    with db.atomic():
        require_product(product_id)
        current = [p.id for p in list_photos(product_id)]
        if sorted(current) != sorted(photo_ids) or len(set(photo_ids)) != len(photo_ids):
            raise DomainError(_("The photos changed meanwhile; reload the product and try again."))
        _renumber(product_id, list(photo_ids))
        Product.update(updated_at=now()).where(Product.id == product_id).execute()
    return Changes.of(changes.PRODUCTS)


def delete_photo(photo_id: int) -> Changes:
    """Delete a photo; the others close up (deleting the cover makes the next one the cover)."""
    with db.atomic():
        photo = ProductPhoto.get_or_none(ProductPhoto.id == photo_id)
        if photo is None:
            return Changes()
        product_id = photo.product_id
        photo.delete_instance()
        _renumber(product_id, [p.id for p in list_photos(product_id)])
        Product.update(updated_at=now()).where(Product.id == product_id).execute()
    return Changes.of(changes.PRODUCTS)
