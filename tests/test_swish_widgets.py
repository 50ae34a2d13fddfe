"""Lesson 6's swish dip explorer, driven headless: the β slider across its range, artists against the module."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq

import activation_lab as lab
import activations as act


@pytest.fixture
def explorer():
    built = lab.swish_dip_explorer()
    yield built
    built.close()


def _assert_plot_matches_module(explorer):
    beta = explorer.beta
    x, f = explorer.lines["function"].get_data()
    _, df = explorer.lines["derivative"].get_data()
    np.testing.assert_array_equal(f, act.swish(x, beta=beta))
    np.testing.assert_array_equal(df, act.swish_derivative(x, beta=beta))
    np.testing.assert_array_equal(explorer.lines["half"].get_ydata(), x / 2)
    np.testing.assert_array_equal(explorer.lines["relu"].get_ydata(), act.relu(x))
    if beta == 0.0:
        assert explorer.minimum is None
        assert len(explorer.lines["minimum"].get_xdata()) == 0
        assert "no minimum" in explorer.readout.value
    else:
        root = brentq(lambda v: float(act.swish_derivative(v, beta=beta)), -10.0 / beta, 0.0, xtol=1e-300)
        x_star, value = explorer.minimum
        assert x_star == pytest.approx(root, rel=1e-12)
        assert x_star == pytest.approx(float(lab.swish_minimum_location(beta)), rel=1e-12)
        assert value == float(act.swish(x_star, beta=beta))
        assert list(explorer.lines["minimum"].get_data()[0]) == [x_star]
        assert list(explorer.lines["root"].get_data()[1]) == [0.0]
        assert list(explorer.lines["guide"].get_xdata()) == [x_star, x_star]
    assert f"β = {beta:.2f}" in explorer.title.get_text()
    assert explorer.message.value == "" and explorer.errors == []


def test_beta_slider_across_its_range_updates_the_plot(explorer):
    control = explorer.controls["beta"]
    figure, lines = explorer.figure, len(explorer.axes[0].lines) + len(explorer.axes[1].lines)
    limits = [ax.get_ylim() for ax in explorer.axes]
    _assert_plot_matches_module(explorer)
    for value in [control.min, 0.1, 0.5, 1.0, 2.0, 5.0, 9.9, control.max, 0.0]:
        control.value = value
        _assert_plot_matches_module(explorer)
        assert explorer.figure is figure
        assert len(explorer.axes[0].lines) + len(explorer.axes[1].lines) == lines
        assert [ax.get_ylim() for ax in explorer.axes] == limits


def test_widget_has_the_browser_test_class_and_a_readout(explorer):
    assert "activation-explorer" in explorer._dom_classes
    assert not any(c.startswith("explorer-") for c in explorer._dom_classes)
    assert explorer.controls["beta"].readout


def test_display_bundle_has_a_snapshot(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "minimum at x = -1.278465" in bundle["text/plain"]
