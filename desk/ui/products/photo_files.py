"""Photos on the Qt side: choosing files (tests replace `choose_photo_files`) and thumbnails.

The core checks and stores the photo itself (`desk.core.photos`); Qt decodes it here to make the
~160 px PNG thumbnail that lists show, so a list never decodes full-size pictures.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QFileDialog, QWidget

from desk.core import photos
from desk.i18n import _

THUMBNAIL_SIZE = 160
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def choose_photo_files(parent: QWidget | None) -> list[Path]:
    """Ask for one or more picture files; [] when cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
    names, _selected = QFileDialog.getOpenFileNames(
        parent,
        _("Add photos"),
        folder,
        _("Pictures ({patterns});;All files (*)").format(patterns=patterns),
    )
    return [Path(n) for n in names]


def scaled(image: QImage, size: int = THUMBNAIL_SIZE) -> QImage:
    if image.width() <= size and image.height() <= size:
        return image
    return image.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def read_image(path: Path) -> QImage:
    """The picture in `path`, decoded only when the file is small enough to be a photo
    (a null QImage otherwise, or when Qt cannot read it)."""
    try:
        if path.stat().st_size > photos.MAX_PHOTO_BYTES:
            return QImage()
    except OSError:
        return QImage()
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    return reader.read()


def thumbnail_of_file(path: Path) -> bytes | None:
    """A PNG thumbnail of the picture file, or None when Qt cannot decode it."""
    image = read_image(path)
    return png_bytes(scaled(image)) if not image.isNull() else None


def image_of_photo(photo_id: int) -> QImage:
    """A stored photo's thumbnail (made from the full picture when it has none)."""
    data = photos.photo_data(photo_id)
    if data.thumbnail:
        image = QImage.fromData(data.thumbnail)
        if not image.isNull():
            return image
    return scaled(QImage.fromData(data.data))


def photo_file_problem(path: Path) -> str | None:
    """Why `path` cannot be a product photo, in the words `desk.core.photos` uses (the same
    messages), or None. Checked when the file is added, so the user hears it at once; the
    service checks again when the product is saved."""
    try:
        size = path.stat().st_size
        if size > photos.MAX_PHOTO_BYTES:
            return _(
                "{name} is {size} MB; a photo can be at most {limit} MB. Make it smaller first."
            ).format(
                name=path.name,
                size=f"{size / (1024 * 1024):.1f}",
                limit=photos.MAX_PHOTO_BYTES // (1024 * 1024),
            )
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return _("Cannot read {name}: {reason}").format(name=path.name, reason=exc.strerror)
    if photos.sniff_image(head) is None:
        return _("{name} is not a picture (JPEG, PNG, WebP or GIF).").format(name=path.name)
    return None
