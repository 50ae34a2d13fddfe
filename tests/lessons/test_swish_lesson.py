"""Lesson 6 (swish): the exercises' references and the checker's verdict on the common slip."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from scipy.optimize import brentq

import activation_lab as lab
import activations as act
from activation_lab import exercises
from activation_lab.lessons import swish as swish_lesson


@pytest.mark.parametrize("beta", [0.25, 0.5, 1.0, 2.0, 10.0, 1e3])
def test_minimum_location_is_the_root_of_the_derivative(beta):
    root = brentq(lambda v: float(act.swish_derivative(v, beta=beta)), -5.0 / beta, 0.0, xtol=1e-300)
    assert swish_lesson.swish_minimum_location(beta) == pytest.approx(root, rel=1e-13)
    assert float(act.swish(root, beta=beta)) == pytest.approx(swish_lesson.swish_minimum_location(beta) + 1.0 / beta,
                                                             rel=1e-12)


def test_minimum_location_against_lambert_w_at_50_digits():
    with mpmath.workdps(50):
        reference = float(-1 - mpmath.lambertw(1 / mpmath.e))
    assert swish_lesson.swish_minimum_location(1.0) == pytest.approx(reference, rel=1e-15)
    assert swish_lesson.swish_minimum_location(np.array([1.0, 4.0])).shape == (2,)


def test_checker_rejects_swish_where_the_gate_belongs(capsys):
    assert not lab.check("swish-derivative", lambda x: act.swish(x) * (1 + x * act.sigmoid(-x)))
    assert "not swish(x)" in capsys.readouterr().out
    assert lab.check("swish-derivative", lambda x: act.sigmoid(x) * (1 + x * act.sigmoid(-x)))


def test_checker_rejects_a_missing_inner_beta(capsys):
    # for beta = 1 the inner factor is invisible; the beta-gradient exercise still needs x**2, not x
    assert not lab.check("swish-beta-gradient", lambda x: x * act.sigmoid_derivative(x))
    assert lab.check("swish-beta-gradient", lambda x: x * x * act.sigmoid(x) * act.sigmoid(-x))


def test_beta_gradient_reference_is_a_central_difference_in_beta():
    x = np.linspace(-8.0, 8.0, 161)
    step = 1e-6
    numeric = (act.swish(x, beta=1.0 + step) - act.swish(x, beta=1.0 - step)) / (2.0 * step)
    np.testing.assert_allclose(exercises.EXERCISES["swish-beta-gradient"].expected(x), numeric, atol=1e-8)


def test_minimum_exercise_accepts_scaling_and_rejects_the_value(capsys):
    assert lab.check("swish-minimum", lambda beta: -1.2784645427610738 / beta)
    assert not lab.check("swish-minimum", lambda beta: -0.2784645427610738 / beta)


@pytest.fixture
def explorer(build):
    return build(swish_lesson.swish_dip_explorer)


def _assert_plot_matches_module(explorer):
    beta = explorer.beta
    x, f = explorer.lines["function"].get_data()
    _, df = explorer.lines["derivative"].get_data()
    np.testing.assert_array_equal(f, act.swish(x, beta=beta))
    np.testing.assert_array_equal(df, act.swish_derivative(x, beta=beta))
    np.testing.assert_array_equal(explorer.lines["half"].get_xdata(), x)
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
        assert x_star == pytest.approx(float(swish_lesson.swish_minimum_location(beta)), rel=1e-12)
        assert value == float(act.swish(x_star, beta=beta))
        assert list(explorer.lines["minimum"].get_data()[0]) == [x_star]
        assert list(explorer.lines["root"].get_data()[1]) == [0.0]
        assert list(explorer.lines["guide"].get_xdata()) == [x_star, x_star]
    assert f"β = {beta:.2f}" in explorer.title.get_text()
    assert explorer.message.value == "" and explorer.errors == []


def test_beta_slider_across_its_range_updates_the_plot(explorer):
    control = explorer.controls["beta"]
    figure, lines = explorer.figure, len(explorer.axes[0].lines) + len(explorer.axes[1].lines)
    _assert_plot_matches_module(explorer)
    for value in [control.min, 0.1, 0.5, 1.0, 2.0, 5.0, 9.9, control.max, 0.0]:
        control.value = value
        _assert_plot_matches_module(explorer)
        assert explorer.figure is figure
        assert len(explorer.axes[0].lines) + len(explorer.axes[1].lines) == lines
        _assert_dip_in_view(explorer)


def _assert_dip_in_view(explorer):
    """For β ≥ 1 the minimum is inside both axes and its depth is at least a tenth of the function panel."""
    beta = explorer.beta
    ax_f, _ = explorer.axes
    _, f = explorer.lines["function"].get_data()
    assert ax_f.get_ylim()[0] < np.min(f)                   # the whole curve's bottom is in view
    if beta >= 1.0:
        x_star, value = explorer.minimum
        (x_low, x_high), (y_low, y_high) = ax_f.get_xlim(), ax_f.get_ylim()
        assert x_low < x_star < x_high and y_low < value < 0.0
        assert -value / (y_high - y_low) > 0.1


def test_hard_swish_matches_its_definition_and_its_derivative_a_central_difference():
    x = np.concatenate([np.linspace(-6.0, 6.0, 1201), [-3.0, 3.0, -1.5]])
    relu6 = np.minimum(np.maximum(x + 3.0, 0.0), 6.0)
    np.testing.assert_allclose(swish_lesson.hard_swish(x), x * relu6 / 6.0, rtol=1e-15, atol=0.0)
    away = x[(np.abs(np.abs(x) - 3.0) > 1e-3)]
    step = 1e-6
    numeric = (swish_lesson.hard_swish(away + step) - swish_lesson.hard_swish(away - step)) / (2.0 * step)
    np.testing.assert_allclose(swish_lesson.hard_swish_derivative(away), numeric, atol=1e-8)
    # at the kinks: the left branch
    assert swish_lesson.hard_swish_derivative(np.array([-3.0, 3.0])).tolist() == [0.0, 1.5]
    assert float(swish_lesson.hard_swish_derivative(-1.5)) == 0.0        # its minimum, at x = -1.5


def test_hard_swish_figure_draws_the_helpers_values():
    fig = swish_lesson.hard_swish_figure()
    ax_f, ax_d = fig.axes
    labelled = [line for line in [*ax_f.get_lines(), *ax_d.get_lines()] if not line.get_label().startswith("_")]
    assert len(labelled) == 6
    for line in ax_d.get_lines()[3:6]:                   # after the two zero lines and SiLU′: the three pieces
        x, y = line.get_data()
        np.testing.assert_array_equal(y, swish_lesson.hard_swish_derivative(x))


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0, 10.0])
def test_flat_threshold_is_where_the_slope_is_a_thousandth(beta):
    threshold = float(swish_lesson.swish_flat_threshold(beta))
    assert float(act.swish_derivative(threshold, beta=beta)) == pytest.approx(-1e-3, rel=1e-9)
    left = np.linspace(threshold - 50.0 / beta, threshold, 2001)[:-1]
    assert np.all(np.abs(act.swish_derivative(left, beta=beta)) < 1e-3)
    assert abs(float(act.swish_derivative(threshold * 0.99, beta=beta))) > 1e-3


def test_hard_swish_exercise_accepts_the_left_branch_and_rejects_the_right_one(capsys):
    def left(x):
        return np.where(x <= -3.0, 0.0, np.where(x <= 3.0, (2.0 * x + 3.0) / 6.0, 1.0))

    def right(x):
        return np.where(x < -3.0, 0.0, np.where(x < 3.0, (2.0 * x + 3.0) / 6.0, 1.0))

    assert lab.check("hard-swish-derivative", left)
    assert not lab.check("hard-swish-derivative", right)
    assert not lab.check("hard-swish-derivative", lambda x: (2.0 * x + 3.0) / 6.0)
