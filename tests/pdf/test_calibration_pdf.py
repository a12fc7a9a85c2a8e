"""The calibration page read back: the template's exact size, the crosshairs where the page says
they are (found in a 203 dpi rendering), moved by the calibration it is printed with; and the
offsets computed from what a user measures put the marks back where they belong."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from desk.pdf.label_calibration import (
    Calibration,
    calibration_from_measurements,
    marks_of,
)
from desk.pdf.label_spec import builtin_specs
from desk.pdf.labels import render_calibration_page

MM = 72 / 25.4
DPI = 203
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm missing")


@pytest.mark.parametrize("name", sorted(builtin_specs()))
def test_the_page_has_the_templates_exact_size(name):
    spec = builtin_specs()[name]
    page = PdfReader(io.BytesIO(render_calibration_page(spec, 0, 0, 1))).pages[0]
    assert abs(float(page.mediabox.width) / MM - spec.page_w_mm) <= 0.2
    assert abs(float(page.mediabox.height) / MM - spec.page_h_mm) <= 0.2


def test_the_page_tells_what_to_measure_and_how_it_was_printed():
    spec = builtin_specs()["thermal-76x130"]
    data = render_calibration_page(spec, 1.5, -0.5, 1.02, printer="XP-420B")
    text = "".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "XP-420B" in text and "+1.5" in text and "-0.5" in text and "1.020" in text
    marks = marks_of(spec)
    assert f"{marks.ab:g}" in text and f"{marks.ac:g}" in text  # the distances to check


def _grey(pdf: bytes, tmp_path, name: str) -> tuple[int, bytes]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(path), str(tmp_path / name)],
                   check=True)  # fmt: skip
    raw = next(tmp_path.glob(f"{name}*.pgm")).read_bytes()
    _magic, width, _height, _depth, pixels = raw.split(maxsplit=4)
    return int(width), pixels


def _px(value_mm: float) -> int:
    return round(value_mm / 25.4 * DPI)


def _dark_between(values, start: int, stop: int) -> float:
    """The middle of the dark run between two pixel positions, in mm."""
    dark = [i for i in range(start, stop) if values[i] < 128]
    assert dark, "no mark found"
    return (dark[0] + dark[-1]) / 2 * 25.4 / DPI


def crosshair_a(pdf: bytes, tmp_path, name: str, near: tuple[float, float]) -> tuple[float, float]:
    """The centre of the crosshair near `near` (mm from the top-left): its vertical line found on
    a row 4 mm below, its horizontal line on a column 4 mm to the right (outside the circle)."""
    width, pixels = _grey(pdf, tmp_path, name)
    x, y = near
    row = _px(y + 4)
    line = pixels[row * width : (row + 1) * width]
    found_x = _dark_between(line, _px(x - 3), _px(x + 3))
    column = _px(x + 4)
    rows = [pixels[r * width + column] for r in range(len(pixels) // width)]
    found_y = _dark_between(rows, _px(y - 3), _px(y + 3))
    return found_x, found_y


@needs_poppler
def test_crosshair_a_is_where_the_page_says_and_moves_with_the_calibration(tmp_path):
    spec = builtin_specs()["thermal-100x150"]
    a = marks_of(spec).a
    plain = crosshair_a(render_calibration_page(spec, 0, 0, 1), tmp_path, "plain", a)
    assert abs(plain[0] - a[0]) <= 0.2 and abs(plain[1] - a[1]) <= 0.2
    moved = crosshair_a(render_calibration_page(spec, 2.0, -1.0, 1), tmp_path, "moved",
                        (a[0] + 2, a[1] - 1))  # fmt: skip
    assert abs(moved[0] - plain[0] - 2.0) <= 0.2  # right by 2 mm
    assert abs(moved[1] - plain[1] + 1.0) <= 0.2  # up by 1 mm


def _printed(printer_scale: float, error: float, cal_scale: float, offset: float, at: float):
    """Where a printer that scales and shifts puts a mark drawn at `at` mm."""
    return printer_scale * (cal_scale * at + offset) + error


@pytest.mark.parametrize("printer_scale, error_x, error_y, current",
                         [(1.0, 1.5, -0.8, Calibration(0, 0, 1)),
                          (1.02, -2.0, 3.0, Calibration(0, 0, 1)),
                          (0.985, 0.7, 0.4, Calibration(1.0, -2.0, 1.01))])  # fmt: skip
def test_measurements_give_the_calibration_that_puts_the_marks_back(printer_scale, error_x,
                                                                     error_y, current):  # fmt: skip
    spec = builtin_specs()["thermal-100x180"]
    marks = marks_of(spec)

    def measure(cal: Calibration):
        ax = _printed(printer_scale, error_x, cal.scale, cal.dx_mm, marks.a[0])
        ay = _printed(printer_scale, error_y, cal.scale, cal.dy_mm, marks.a[1])
        bx = _printed(printer_scale, error_x, cal.scale, cal.dx_mm, marks.b[0])
        cy = _printed(printer_scale, error_y, cal.scale, cal.dy_mm, marks.c[1])
        return ax, ay, bx - ax, cy - ay

    left, top, ab, ac = measure(current)
    new = calibration_from_measurements(spec, current, left, top, ab, ac)
    left, top, ab, ac = measure(new)
    assert abs(left - marks.a[0]) <= 0.05 and abs(top - marks.a[1]) <= 0.05
    assert abs(ab - marks.ab) <= 0.1 and abs(ac - marks.ac) <= 0.1


def test_without_the_distances_only_the_offsets_change():
    spec = builtin_specs()["thermal-76x130"]
    a = marks_of(spec).a
    new = calibration_from_measurements(spec, Calibration(0.5, 0.0, 1.0), a[0] + 1.2, a[1] - 0.4)
    assert new == Calibration(-0.7, 0.4, 1.0)
    with pytest.raises(ValueError):
        calibration_from_measurements(spec, Calibration(0, 0, 1), 15, 15, ab_mm=0)
