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


@pytest.mark.parametrize("name", NAMES)
def test_parameter_sliders_never_rescale_the_axes(name, explorer_for):
    explorer = explorer_for(name)
    limits = [ax.get_ylim() for ax in explorer.axes]
    for control in (explorer.controls[p.name] for p in explorer.entry.plot_parameters):
        for value in slider_positions(control):
            control.value = value
            _x, f = explorer.lines["function"].get_data()
            _, df = explorer.lines["derivative"].get_data()
            assert limits[0][0] <= np.nanmin(f) and np.nanmax(f) <= limits[0][1]
            assert limits[1][0] <= np.nanmin(df) and np.nanmax(df) <= limits[1][1]
    assert [ax.get_ylim() for ax in explorer.axes] == limits


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
