"""What every canvas widget of the lessons promises, checked for each builder in tests/builders.py.

One base class (activation_lab.widget.CanvasWidget) gives these; a widget that bypasses it fails here.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from builders import (
    WIDGETS,
    FakePage,
    every_control,
    figures_built,
    frame_on_canvas,
    move_everything,
    slider_positions,
)
from PIL import Image

from activation_lab.widget import CanvasWidget


@pytest.fixture(params=list(WIDGETS))
def widget(request, build):
    return build(WIDGETS[request.param])


def test_is_a_canvas_widget_with_the_browser_test_class(widget):
    assert isinstance(widget, CanvasWidget)
    assert "activation-explorer" in widget._dom_classes
    assert widget.canvas in widget.children and widget.readout in widget.children


def test_every_position_of_every_control_updates_without_error(widget):
    for _ in move_everything(widget):
        assert widget.errors == [] and widget.message.value == ""


def test_the_blitted_picture_equals_a_full_redraw(widget):
    """Each update draws only the moving artists over a cached background; the result must be
    the picture a full redraw gives, or a line that moved would leave its old self behind."""
    for _ in move_everything(widget, positions=2):
        blitted = frame_on_canvas(widget)
        widget.canvas.draw()
        redrawn = frame_on_canvas(widget)
        assert np.array_equal(blitted, redrawn), "the blitted frame differs from a full redraw"


def test_updates_never_ask_the_page_for_a_redraw(widget, monkeypatch):
    """Every update goes through the base class, which draws and sends the frame itself."""
    monkeypatch.setattr(widget.canvas, "draw_idle", lambda: pytest.fail("draw_idle called"))
    for _ in move_everything(widget, positions=2):
        pass


def test_every_frame_sent_to_the_page_is_whole(widget):
    """The page drops a frame that arrives while the previous one loads; a difference frame lost
    that way would leave the plot stale for good, so every frame a widget sends must be complete."""
    page = FakePage(widget.canvas)
    changes = 0
    for control in every_control(widget):
        for position in slider_positions(control)[-2:]:
            changes += control.value != position
            control.value = position
    assert changes >= 2 and len(page.frames) >= changes, "a change did not send a frame"
    for frame in page.frames:
        alpha = np.asarray(Image.open(io.BytesIO(frame)).convert("RGBA"))[:, :, 3]
        assert alpha.min() == 255, "a difference frame (transparent where unchanged) was sent"


def test_figure_is_built_once(widget, monkeypatch):
    """No slider position builds a figure, not even one thrown away at once."""
    built = figures_built(monkeypatch)
    figure, canvas = widget.figure, widget.canvas
    for _ in move_everything(widget, positions=3):
        pass
    assert built == [], f"{len(built)} figures built while the sliders moved"
    assert widget.figure is figure and widget.canvas is canvas


def test_an_error_in_an_update_is_shown_not_raised(widget, monkeypatch):
    def broken(change):
        raise ValueError("deliberately broken for this test")

    monkeypatch.setattr(widget, "_update", broken)
    control = every_control(widget)[-1]
    control.value = slider_positions(control)[0]          # must not raise
    assert "ValueError: deliberately broken for this test" in widget.message.value
    assert widget.errors == ["ValueError: deliberately broken for this test"]
    monkeypatch.undo()
    control.value = slider_positions(control)[-1]
    assert widget.message.value == ""


def test_static_fallback_with_alt_text_in_the_display_bundle(widget):
    data, metadata = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"].startswith("iVBOR")
    assert data["text/plain"].startswith(widget.snapshot_text())
    assert metadata["image/png"]["alt"] == widget.snapshot_text()


def test_the_snapshot_shows_the_current_picture(widget):
    """The static fallback is the picture on the canvas, moving artists included."""
    picture = np.asarray(Image.open(io.BytesIO(widget.snapshot())).convert("RGBA"))
    widget.canvas.draw()
    on_canvas = frame_on_canvas(widget)
    assert picture.shape == on_canvas.shape and np.array_equal(picture, on_canvas)


def test_close_closes_every_control_and_the_canvas(widget):
    controls = every_control(widget)
    widget.close()
    assert all(c.comm is None for c in controls) and widget.canvas.comm is None
