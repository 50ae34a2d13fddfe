"""What activation_lab._ipympl relies on in ipympl's and matplotlib's web canvas beyond their public
API: if an upgrade renames or drops one of these, this test fails before the lessons do."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from activation_lab import _ipympl


@pytest.fixture
def canvas():
    made = _ipympl.new_canvas(Figure(figsize=(2, 1), dpi=50))
    yield made
    made.close()


@pytest.mark.parametrize("attribute", _ipympl.PRIVATE_ATTRIBUTES)
def test_the_private_attributes_still_exist(canvas, attribute):
    assert hasattr(canvas, attribute), f"ipympl's Canvas has no {attribute} any more: see activation_lab/_ipympl.py"


def test_a_draw_sends_one_whole_png_frame_and_nothing_while_unchanged(canvas):
    frames = []
    canvas.send_binary = frames.append              # ipympl's canvas is its own manager's web socket
    canvas.draw()
    assert len(frames) == 1 and frames[0].startswith(b"\x89PNG") and canvas._png_is_old is False
    assert canvas.get_diff_image() is None          # unchanged since: nothing to send


def test_the_renderer_buffer_is_rgba_of_the_figure_size(canvas):
    canvas.draw()
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    assert pixels.shape == (50, 100, 4)
