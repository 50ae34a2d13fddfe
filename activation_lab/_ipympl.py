"""The only module that touches ipympl's internals: a canvas that lives in a widget layout and
sends every frame whole.  Used by every interactive widget (through :mod:`activation_lab.widget`).

Why whole frames: ipympl's page loads each frame into one image element, and a frame that arrives
while the previous one is loading replaces it; matplotlib's difference frames then lose changes for
good (https://github.com/matplotlib/matplotlib/issues/19116).  ``tests/test_ipympl.py`` fails if the
private attributes listed in :data:`PRIVATE_ATTRIBUTES` change.
"""

from __future__ import annotations

import io
import warnings

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
    not), while a lost whole frame is replaced by the next one.  Fast zlib
    (level 1) halves the cost of encoding a whole frame (about 12 ms rather
    than 24 ms for a 750 × 540 figure) for a file about 15 % larger.
    """
    if not canvas._png_is_old:
        return None
    canvas._png_is_old = False
    canvas._force_full = False
    canvas.set_image_mode("full")
    return canvas_png(canvas, compress_level=1)


def canvas_png(canvas, compress_level: int = 6) -> bytes:
    """What the canvas's renderer holds now, encoded as PNG (pixels as drawn, nothing redrawn)."""
    from PIL import Image

    with io.BytesIO() as png:
        Image.fromarray(np.asarray(canvas.get_renderer().buffer_rgba())).save(png, format="png",
                                                                             compress_level=compress_level)
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
