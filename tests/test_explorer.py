"""The explorer, driven headless: sliders set from Python, artists compared with the module."""

from __future__ import annotations

import dataclasses
import gc
import io

import ipywidgets as widgets
import numpy as np
import pytest
from builders import NAMES, WIDGETS
from matplotlib.figure import Figure

import activation_lab as lab
import activations as act


@pytest.fixture
def explorer_for():
    built = []

    def build(name, **overrides):
        explorer = lab.explore(name, **overrides)
        built.append(explorer)
        return explorer

    yield build
    for explorer in built:
        explorer.close()


def _slider_positions(control):
    if hasattr(control, "options"):
        return list(control.options)
    values = np.linspace(control.min, control.max, 7)
    if isinstance(control.value, tuple):          # the x-range slider: pairs, extremes included
        return [(float(values[0]), float(values[-1])), (float(values[0]), float(values[1])),
                (float(values[2]), float(values[4])), (float(values[5]), float(values[6]))]
    return [type(control.value)(v) for v in values]


def _assert_plot_matches_module(explorer):
    entry, params = explorer.entry, explorer.params
    x, f = explorer.lines["function"].get_data()
    _, df = explorer.lines["derivative"].get_data()
    low, high = explorer.controls["x_range"].value
    assert np.nanmin(x) == low and np.nanmax(x) == high
    np.testing.assert_array_equal(f, entry.f(x, **params))
    np.testing.assert_array_equal(df, entry.df(x, **params))
    slope = float(entry.df(explorer.x0, **params))
    assert explorer.tangent_slope() == pytest.approx(slope, rel=1e-9, abs=1e-12)
    point_x, point_y = explorer.lines["point"].get_data()
    assert (point_x[0], point_y[0]) == (explorer.x0, float(entry.f(explorer.x0, **params)))
    assert explorer.lines["slope_point"].get_data()[1][0] == slope
    assert explorer.message.value == "" and explorer.errors == []


@pytest.mark.parametrize("name", NAMES)
def test_every_slider_across_its_range_updates_the_plot(name, explorer_for):
    explorer = explorer_for(name)
    _assert_plot_matches_module(explorer)
    for key, control in explorer.controls.items():
        original = control.value
        for value in _slider_positions(control):
            control.value = value
            _assert_plot_matches_module(explorer)
        if key != "x_range":
            control.value = original
    low, high = explorer.entry.x_limits
    explorer.controls["x_range"].value = (low, high)
    _assert_plot_matches_module(explorer)
    explorer.controls["x_range"].value = (low, low + 0.5)
    assert low <= explorer.x0 <= low + 0.5
    _assert_plot_matches_module(explorer)


@pytest.mark.parametrize("name", NAMES)
def test_parameter_sliders_never_rescale_the_axes(name, explorer_for):
    explorer = explorer_for(name)
    limits = [ax.get_ylim() for ax in explorer.axes]
    for control in (explorer.controls[p.name] for p in explorer.entry.plot_parameters):
        for value in _slider_positions(control):
            control.value = value
            _x, f = explorer.lines["function"].get_data()
            _, df = explorer.lines["derivative"].get_data()
            assert limits[0][0] <= np.nanmin(f) and np.nanmax(f) <= limits[0][1]
            assert limits[1][0] <= np.nanmin(df) and np.nanmax(df) <= limits[1][1]
    assert [ax.get_ylim() for ax in explorer.axes] == limits


def test_figure_is_built_once_over_200_updates(explorer_for):
    explorer = explorer_for("swish")
    gc.collect()
    figures_before = sum(isinstance(o, Figure) for o in gc.get_objects())
    canvas, lines = explorer.canvas, dict(explorer.lines)
    for i in range(200):
        explorer.controls["beta" if i % 2 else "x0"].value = float(np.linspace(0, 3.9, 200)[i])
    gc.collect()
    assert sum(isinstance(o, Figure) for o in gc.get_objects()) == figures_before
    assert explorer.canvas is canvas and explorer.lines == lines
    assert explorer.errors == []


def test_parameter_and_tangent_moves_blit_instead_of_full_redraw(explorer_for, monkeypatch):
    explorer = explorer_for("elu")
    full_draws = []
    monkeypatch.setattr(explorer.canvas, "draw", lambda: full_draws.append(1))
    for value in (0.5, 1.5, 2.5):
        explorer.controls["alpha"].value = value
        explorer.controls["x0"].value = -value
    assert full_draws == []
    explorer.controls["x_range"].value = (-3.0, 2.0)
    assert full_draws == [1]


def test_kink_breaks_the_derivative_line_and_marks_the_convention(explorer_for):
    explorer = explorer_for("relu")
    x, _df = explorer.lines["derivative"].get_data()
    assert np.isnan(x).sum() == 1
    assert explorer.lines["kink"].get_data() == ([0.0], [0.0])
    leaky = explorer_for("leaky_relu", alpha=0.3)
    assert leaky.lines["kink"].get_data() == ([0.0], [0.3])


def test_callback_error_is_shown_as_a_message_not_raised(explorer_for):
    explorer = explorer_for("sigmoid")

    def broken(x, **params):
        raise ValueError("deliberately broken for this test")

    explorer.entry = dataclasses.replace(explorer.entry, derivative=broken)
    explorer.controls["x0"].value = 1.0          # must not raise
    assert "ValueError: deliberately broken for this test" in explorer.message.value
    assert explorer.errors == ["ValueError: deliberately broken for this test"]
    explorer.entry = act.ACTIVATIONS["sigmoid"]
    explorer.controls["x0"].value = 1.5
    assert explorer.message.value == ""


def test_static_fallback_in_the_display_bundle(explorer_for):
    explorer = explorer_for("gelu", approximate="tanh")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"].startswith("iVBOR")
    assert bundle["text/plain"].startswith("Interactive explorer for GELU")


def test_presenter_mode_makes_bigger_figures(explorer_for):
    try:
        lab.presenter_mode(True)
        big = explorer_for("tanh")
    finally:
        lab.presenter_mode(False)
    small = explorer_for("tanh")
    assert big.figure.get_figwidth() > small.figure.get_figwidth()
    assert big.axes[0].title.get_fontsize() > small.axes[0].title.get_fontsize()


def test_overrides_and_unknown_name(explorer_for):
    explorer = explorer_for("leaky_relu", alpha=0.5, x_range=(-2.0, 2.0), x0=-1.0)
    assert explorer.params == {"alpha": 0.5} and explorer.x0 == -1.0
    assert explorer.tangent_slope() == pytest.approx(0.5)
    with pytest.raises(KeyError):
        lab.explore("mish")


class FakePage:
    """The browser end of an ipympl canvas: keeps every frame sent, and draws when asked to, as the
    page does when the kernel's ``draw_idle`` asks it for a frame."""

    def __init__(self, canvas):
        self.frames = []
        canvas.send_binary = self.frames.append
        send_json = canvas.send_json

        def answer(content):
            send_json(content)
            if content.get("type") == "draw":
                canvas.handle_draw({})

        canvas.send_json = answer
        if canvas not in canvas.manager.web_sockets:
            canvas.manager.add_web_socket(canvas)


@pytest.mark.parametrize("builder", list(WIDGETS))
def test_every_frame_sent_to_the_page_is_whole(builder):
    """The page drops a frame that arrives while the previous one loads; a difference frame lost
    that way would leave the plot stale for good, so every frame a widget sends must be complete."""
    from PIL import Image

    widget = WIDGETS[builder]()
    try:
        page = FakePage(widget.canvas)
        changes = 0
        for control in widget.controls.values():
            if not isinstance(control, widgets.Button):
                for position in _slider_positions(control)[-2:]:
                    changes += control.value != position
                    control.value = position
        assert changes >= 2 and len(page.frames) >= changes, "a change did not send a frame"
        for frame in page.frames:
            alpha = np.asarray(Image.open(io.BytesIO(frame)).convert("RGBA"))[:, :, 3]
            assert alpha.min() == 255, "a difference frame (transparent where unchanged) was sent"
    finally:
        widget.close()
