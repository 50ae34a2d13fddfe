"""Lesson 5 (ELU) helpers: the jump figure and explorer, SELU's constants and the exercises."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize

import activation_lab as lab
import activations as act
from activation_lab import figures
from activation_lab.lessons import elu as elu_lesson

# The constants PyTorch and TensorFlow ship for SELU (Klambauer et al. 2017, eq. 14), to 31 digits.
PUBLISHED_ALPHA = 1.6732632423543772848170429916717
PUBLISHED_SCALE = 1.0507009873554804934193349852946


def _moment(power: int, alpha: float) -> float:
    def integrand(z):
        return float(act.elu(z, alpha=alpha)) ** power * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)

    return sum(integrate.quad(integrand, low, high, epsabs=1e-14, epsrel=1e-13)[0]
               for low, high in ((-math.inf, 0.0), (0.0, math.inf)))


def test_selu_constants_match_the_published_ones():
    scale, alpha = elu_lesson.selu_constants()
    assert scale == pytest.approx(PUBLISHED_SCALE, rel=1e-15)
    assert alpha == pytest.approx(PUBLISHED_ALPHA, rel=1e-15)


def test_selu_constants_solve_the_moment_equations_by_quadrature():
    scale, alpha = elu_lesson.selu_constants()
    assert abs(scale * _moment(1, alpha)) < 1e-13
    assert scale ** 2 * _moment(2, alpha) == pytest.approx(1.0, abs=1e-13)
    root = optimize.brentq(lambda a: _moment(1, a), 0.5, 3.0, xtol=1e-15, rtol=1e-15)
    assert root == pytest.approx(alpha, rel=1e-13)


@pytest.mark.parametrize("alphas", [(0.5, 1.0, 2.0), (0.1,), (3.0, 1.0)])
def test_jump_figure_draws_the_module_values(alphas):
    fig = elu_lesson.elu_jump_figure(alphas)
    columns = len(alphas)
    assert len(fig.axes) == 2 * columns
    for column, alpha in enumerate(alphas):
        ax_f, ax_d = fig.axes[column], fig.axes[columns + column]
        (function,) = ax_f.get_lines()[2:]          # after the two zero lines
        x, y = function.get_data()
        np.testing.assert_array_equal(y, act.elu(x, alpha=alpha))
        left, right, segment, filled, hollow = ax_d.get_lines()[2:]
        assert ax_f.get_ylim()[0] < -alpha and ax_d.get_ylim()[1] > max(1.0, alpha)
        for branch in (left, right):
            bx, by = branch.get_data()
            np.testing.assert_array_equal(by, act.elu_derivative(bx, alpha=alpha))
        assert left.get_xdata().max() == 0.0 and right.get_xdata().min() > 0.0   # no line across the jump
        assert filled.get_ydata()[0] == alpha and hollow.get_ydata()[0] == 1.0
        assert list(segment.get_ydata()) == [alpha, 1.0]
        assert ("continuous" in ax_f.get_title()) == (alpha == 1.0)


def test_jump_figure_renders(tmp_path):
    figures.png_bytes(elu_lesson.elu_jump_figure())


def _solution_from_function(x):
    return np.where(x > 0, 1.0, act.elu(x, alpha=2.0) + 2.0)


def _selu_derivative(x):
    scale, alpha = elu_lesson.selu_constants()
    return scale * act.elu_derivative(x, alpha=alpha)


@pytest.mark.parametrize(("key", "right", "wrong"), [
    ("elu-derivative-from-function", _solution_from_function,
     lambda x: np.where(x >= 0, 1.0, act.elu(x, alpha=2.0) + 2.0)),          # wrong branch at 0
    ("elu-derivative-from-function", _solution_from_function,
     lambda x: np.where(x > 0, 1.0, act.elu(x, alpha=2.0) + 1.0)),          # + 1 instead of + alpha
    ("elu-derivative-jump", lambda alpha: 1 - alpha, lambda alpha: alpha - 1),
    ("elu-derivative-jump", lambda alpha: 1 - alpha, lambda alpha: np.abs(1 - alpha)),
    ("elu-slope-threshold", lambda alpha: np.log(0.1) - np.log(alpha), lambda alpha: np.log(0.1 * alpha)),
    ("elu-slope-threshold", lambda alpha: -np.log(10.0 * alpha), lambda alpha: np.log(0.1) + 0 * alpha),
    ("selu-derivative", _selu_derivative, lambda x: act.elu_derivative(x, alpha=elu_lesson.selu_constants()[1])),
    ("selu-derivative", _selu_derivative,
     lambda x: elu_lesson.selu_constants()[0] * act.elu_derivative(x, alpha=1.0)),
])
def test_exercises_accept_the_solution_and_reject_common_mistakes(key, right, wrong, capsys):
    assert lab.check(key, right)
    assert not lab.check(key, wrong)
    assert not lab.check(key, lambda x: None)
    out = capsys.readouterr().out
    assert "✓" in out and "✗" in out and "not attempted" in out


@pytest.fixture
def explorer(build):
    return build(elu_lesson.elu_jump_explorer)


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
    _assert_plot_matches_module(explorer)
    for value in [control.min, 0.5, 0.9, 1.0, 1.1, 2.0, control.max, 1.0]:
        control.value = value
        _assert_plot_matches_module(explorer)
        assert explorer.figure is figure
        assert sum(len(ax.lines) for ax in explorer.axes) == count
        _assert_limits_follow_alpha(explorer)


def _assert_limits_follow_alpha(explorer):
    """The floor −α and the derivative's largest value max(1, α) are in view, and f′ fills most of its panel."""
    alpha = explorer.alpha
    ax_f, ax_d = explorer.axes
    low, high = ax_f.get_ylim()
    assert low < -alpha < high
    d_low, d_high = ax_d.get_ylim()
    largest = act.ACTIVATIONS["elu"].properties_for(alpha=alpha).max_slope
    assert d_low < 0.0 and largest < d_high
    assert largest / (d_high - d_low) > 0.75


def test_slope_threshold_reference_is_where_the_module_slope_is_one_tenth():
    alphas = np.linspace(0.2, 3.0, 29)
    expected = lab.exercises.EXERCISES["elu-slope-threshold"].expected(alphas)
    slopes = np.array([float(act.elu_derivative(x, alpha=a)) for x, a in zip(expected, alphas, strict=True)])
    np.testing.assert_allclose(slopes, 0.1, rtol=1e-12)
    # alpha = 2 reaches the same slope ln 2 further left than alpha = 1
    assert expected[np.isclose(alphas, 1.0)][0] - expected[np.isclose(alphas, 2.0)][0] == pytest.approx(math.log(2.0))
