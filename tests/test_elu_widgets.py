"""Lesson 5's ELU jump explorer, driven headless: the α slider across its range, artists against the module."""

from __future__ import annotations

import numpy as np
import pytest

import activation_lab as lab
import activations as act


@pytest.fixture
def explorer():
    built = lab.elu_jump_explorer()
    yield built
    built.close()


def _assert_plot_matches_module(explorer):
    alpha = explorer.alpha
    x, f = explorer.lines["function"].get_data()
    np.testing.assert_array_equal(f, act.elu(x, alpha=alpha))
    for key in ("left", "right"):
        bx, by = explorer.lines[key].get_data()
        np.testing.assert_array_equal(by, act.elu_derivative(bx, alpha=alpha))
    assert explorer.lines["left"].get_xdata().max() == 0.0 and explorer.lines["right"].get_xdata().min() > 0.0
    tx, ty = explorer.lines["tangent_left"].get_data()
    np.testing.assert_allclose(ty, alpha * np.asarray(tx))
    assert list(explorer.lines["at_zero"].get_ydata()) == [float(act.elu_derivative(0.0, alpha=alpha))]
    assert list(explorer.lines["from_right"].get_ydata()) == [1.0]
    assert explorer.jump == pytest.approx(1.0 - alpha, abs=1e-12)
    assert list(explorer.lines["segment"].get_ydata()) == [float(act.elu_derivative(0.0, alpha=alpha)), 1.0]
    assert ("continuous" in explorer.title.get_text()) == (abs(alpha - 1.0) < 1e-12)
    assert f"α = {alpha:.2f}" in explorer.title.get_text()
    assert explorer.message.value == "" and explorer.errors == []


def test_alpha_slider_across_its_range_updates_the_plot(explorer):
    control = explorer.controls["alpha"]
    figure, count = explorer.figure, sum(len(ax.lines) for ax in explorer.axes)
    limits = [ax.get_ylim() for ax in explorer.axes]
    _assert_plot_matches_module(explorer)
    for value in [control.min, 0.5, 0.9, 1.0, 1.1, 2.0, control.max, 1.0]:
        control.value = value
        _assert_plot_matches_module(explorer)
        assert explorer.figure is figure
        assert sum(len(ax.lines) for ax in explorer.axes) == count
        assert [ax.get_ylim() for ax in explorer.axes] == limits


def test_widget_has_the_browser_test_class_and_a_readout(explorer):
    assert "activation-explorer" in explorer._dom_classes
    assert not any(c.startswith("explorer-") for c in explorer._dom_classes)
    assert explorer.controls["alpha"].readout


def test_display_bundle_has_a_snapshot(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "jump +0.500000" in bundle["text/plain"]
