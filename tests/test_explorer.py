"""The explorer, driven headless: sliders set from Python, artists compared with the module."""

from __future__ import annotations

import numpy as np
import pytest
from builders import NAMES, slider_positions

import activation_lab as lab


@pytest.fixture
def explorer_for(build):
    return lambda name, **overrides: build(lab.explore, name, **overrides)


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
        for value in slider_positions(control):
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


def _curves_inside_their_axes(explorer):
    _x, f = explorer.lines["function"].get_data()
    _, df = explorer.lines["derivative"].get_data()
    (f_low, f_high), (d_low, d_high) = (ax.get_ylim() for ax in explorer.axes)
    assert f_low <= min(np.nanmin(f), 0.0) and np.nanmax(f) <= f_high
    assert d_low <= min(np.nanmin(df), 0.0) and np.nanmax(df) <= d_high
    return f_high - f_low, np.nanmax(f) - np.nanmin(f)


@pytest.mark.parametrize("name", NAMES)
def test_y_ranges_follow_the_parameters_and_hold_the_curves(name, explorer_for):
    explorer = explorer_for(name)
    for control in (explorer.controls[p.name] for p in explorer.entry.plot_parameters):
        for value in slider_positions(control):
            control.value = value
            axis_span, data_span = _curves_inside_their_axes(explorer)
            assert data_span >= 0.5 * axis_span or data_span < 1e-9


@pytest.mark.parametrize(("name", "params", "feature"), [
    ("leaky_relu", {"alpha": 0.1}, 0.4),           # the leak: f(−4) = −0.4
    ("swish", {"beta": 1.0}, 0.2784645427610738),  # the dip
    ("gelu", {}, 0.16997120747990366),             # the dip
])
def test_the_negative_feature_takes_a_visible_share_of_the_panel(name, params, feature, explorer_for):
    explorer = explorer_for(name, **params)
    low, high = explorer.axes[0].get_ylim()
    assert feature / (high - low) > 0.03 and low >= -3.0 * feature


def test_elu_derivative_fills_its_panel_at_every_alpha(explorer_for):
    explorer = explorer_for("elu")
    for alpha in (0.1, 1.0, 3.0):
        explorer.controls["alpha"].value = alpha
        low, high = explorer.axes[1].get_ylim()
        assert max(1.0, alpha) >= 0.55 * (high - low)


def test_x0_moves_blit_and_range_changes_redraw(explorer_for, monkeypatch):
    explorer = explorer_for("elu")
    full_draws = []
    monkeypatch.setattr(explorer.canvas, "draw", lambda: full_draws.append(1))
    for value in (-2.0, -1.0, 1.0, 2.0):
        explorer.controls["x0"].value = value
    assert full_draws == []
    explorer.controls["alpha"].value = 3.0               # a larger floor and slope: new y-ranges
    assert full_draws == [1]
    explorer.controls["alpha"].value = 2.9               # the same snapped ranges: blit
    assert full_draws == [1]
    explorer.controls["x_range"].value = (-3.0, 2.0)
    assert full_draws == [1, 1]


def test_kink_breaks_the_derivative_line_and_marks_the_convention(explorer_for):
    explorer = explorer_for("relu")
    x, _df = explorer.lines["derivative"].get_data()
    assert np.isnan(x).sum() == 1
    assert explorer.lines["kink"].get_data() == ([0.0], [0.0])
    leaky = explorer_for("leaky_relu", alpha=0.3)
    assert leaky.lines["kink"].get_data() == ([0.0], [0.3])


@pytest.mark.parametrize(("name", "start", "no_kink"), [("leaky_relu", 0.5, 1.0), ("elu", 0.5, 1.0)])
def test_the_grid_and_the_kink_marker_follow_the_parameter(name, start, no_kink, explorer_for):
    explorer = explorer_for(name, **{"alpha": start})
    assert np.isnan(explorer.lines["derivative"].get_xdata()).sum() == 1
    explorer.controls["alpha"].value = no_kink
    assert not np.isnan(explorer.lines["derivative"].get_xdata()).any()
    assert len(explorer.lines["kink"].get_xdata()) == 0
    assert len(explorer.axes[1].get_legend().get_texts()) == 2
    explorer.controls["alpha"].value = start
    assert np.isnan(explorer.lines["derivative"].get_xdata()).sum() == 1
    assert len(explorer.axes[1].get_legend().get_texts()) == 3


def _legend_texts(explorer):
    return [[t.get_text() for t in ax.get_legend().get_texts()] for ax in explorer.axes]


def test_at_the_kink_the_readout_and_legend_say_there_is_no_derivative(explorer_for):
    explorer = explorer_for("relu", x0=0.0)
    assert "no derivative here" in explorer.readout.value
    assert "convention gives f′(0) = <b>0</b>" in explorer.readout.value
    assert "tangent" not in explorer.readout.value
    (f_legend, d_legend) = _legend_texts(explorer)
    assert any(text.startswith("supporting line") for text in f_legend)
    assert not any("tangent" in text for text in f_legend + d_legend)
    explorer.controls["x0"].value = 0.5                  # off the kink: a tangent again
    assert "slope of the tangent = <b>1</b>" in explorer.readout.value
    assert any(text.startswith("tangent at x₀") for text in _legend_texts(explorer)[0])
    explorer.controls["x0"].value = 0.0
    assert "no derivative here" in explorer.readout.value


def test_no_kink_no_convention_words(explorer_for):
    explorer = explorer_for("leaky_relu", alpha=1.0, x0=0.0)          # the identity: a true tangent
    assert "slope of the tangent = <b>1</b>" in explorer.readout.value
    explorer.controls["alpha"].value = 0.2                            # now a kink: the words follow
    assert "no derivative here" in explorer.readout.value
    assert "convention gives f′(0) = <b>0.2</b>" in explorer.readout.value
    smooth = explorer_for("elu", alpha=1.0, x0=0.0)                   # C¹: a tangent with slope 1
    assert "slope of the tangent = <b>1</b>" in smooth.readout.value


def test_a_line_that_crosses_the_graph_is_not_called_supporting(explorer_for):
    explorer = explorer_for("elu", alpha=2.5, x0=0.0)         # slope 2.5 at 0: above the graph for x > 0
    assert any("crosses the graph" in text for text in _legend_texts(explorer)[0])
    explorer.controls["alpha"].value = 0.5                    # slope 0.5: below the graph everywhere
    assert any(text.startswith("supporting line") for text in _legend_texts(explorer)[0])


def test_every_drawn_line_is_in_a_legend(explorer_for):
    explorer = explorer_for("leaky_relu", alpha=0.1, x0=0.0)
    f_legend, d_legend = _legend_texts(explorer)
    assert len(f_legend) == 3 and len(d_legend) == 3          # f, line, point | f′, slope marker, kink ring


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
