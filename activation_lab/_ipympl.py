"""The only module that touches ipympl's internals: a canvas that lives in a widget layout and
sends every frame whole.  Used by every interactive widget (through :mod:`activation_lab.widget`).

Why whole frames: ipympl's page loads each frame into one image element, and a frame that arrives
while the previous one is loading replaces it; matplotlib's difference frames then lose changes for
good (https://github.com/matplotlib/matplotlib/issues/19116).  ``tests/test_ipympl.py`` fails if the
private attributes listed in :data:`PRIVATE_ATTRIBUTES` change.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import numpy as np
from matplotlib.figure import Figure

#: What this module relies on in ipympl's and matplotlib's web canvas beyond their public API.
PRIVATE_ATTRIBUTES = ("_png_is_old", "_force_full", "get_diff_image", "set_image_mode", "manager",
                      "syncing_data_url", "_repr_mimebundle_")

def whole_frame_png(canvas) -> bytes | None:
    """The canvas's current picture as one complete PNG frame, or None if it has not changed.

    Replaces matplotlib's ``get_diff_image``, which sends only the pixels
    that changed since the last frame.  ipympl's page loads each frame into
    one image element, and a frame that arrives while the previous one is
    still loading cancels it; a lost difference frame leaves its changes off
    the page for good (seen in Voilà: the x-range slider moved, the plot did
    not), while a lost whole frame is replaced by the next one.  The frame
    is encoded by :func:`fast_png`.
    """
    if not canvas._png_is_old:
        return None
    canvas._png_is_old = False
    canvas._force_full = False
    canvas.set_image_mode("full")
    return fast_png(np.asarray(canvas.get_renderer().buffer_rgba()))


def fast_png(rgba: np.ndarray) -> bytes:
    """An RGBA image (height × width × 4, uint8) as PNG, encoded for speed rather than size.

    Every row keeps PNG's filter "none" and zlib runs at level 1: about half
    the time of Pillow at its fastest level, which tries a filter per row, for
    a file of about the same size (a figure is mostly runs of one colour).

    Examples
    --------
    >>> from PIL import Image
    >>> pixels = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    >>> np.array_equal(np.asarray(Image.open(io.BytesIO(fast_png(pixels)))), pixels)
    True
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)      # column 0: filter type 0, none
    rows[:, 1:] = rgba.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _png_chunk(b"IEND", b""))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def canvas_png(canvas) -> bytes:
    """What the canvas's renderer holds now, encoded as PNG (pixels as drawn, nothing redrawn)."""
    from PIL import Image

    with io.BytesIO() as png:
        Image.fromarray(np.asarray(canvas.get_renderer().buffer_rgba())).save(png, format="png")
        return png.getvalue()


def new_canvas(fig: Figure):
    """An ipympl canvas for ``fig``, set up to live inside a widget layout.

    No toolbar, header or footer, fixed size, and every frame sent whole
    (:func:`whole_frame_png`).  ipympl keeps a PNG "data URL" in sync for
    HTML embedding, but one drawn before display lacks its ``data:`` prefix
    and the browser fails on it; widgets here are never embedded, so the
    sync is off and :func:`prepare_display` sets a proper URL when the
    widget is shown.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvas = Canvas(fig)
    canvas.get_diff_image = lambda: whole_frame_png(canvas)
    with warnings.catch_warnings():
        # ipympl's Toolbar passes the canvas on to traitlets, which warns; not ours to fix.
        warnings.filterwarnings("ignore", "Passing unrecognized arguments to super", DeprecationWarning)
        canvas.manager = FigureManager(canvas, 0)
    canvas.syncing_data_url = False
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    return canvas


def prepare_display(canvas) -> None:
    """Give the canvas its size and a first image before its view is created in the browser."""
    canvas._repr_mimebundle_()
