"""Lesson 7 (GELU): the figures show what their captions say, the checkers accept every right form and reject
the common slips, the hints do not give the answer away, and the numbers the prose states hold."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, special

import activation_lab as lab
import activations as act
from activation_lab import exercises
from activation_lab.lessons import gelu as gelu_lesson

GELU_EXERCISES = [name for name in exercises.EXERCISES if name.startswith("gelu-")]


def _drawn(ax):
    """The data lines of an axes: everything but the grey zero lines of ``style_axes``."""
    return [line for line in ax.lines if not line.get_label().startswith("_")]


# -- figures ---------------------------------------------------------------------

@pytest.mark.parametrize("x_range", [(-4.0, 0.5), (-6.0, 3.0), (-2.0, 0.0)])
def test_approximations_figure_shows_the_dip_and_names_every_line(x_range):
    fig = gelu_lesson.approximations_figure(x_range)
    ax_f, ax_d = fig.axes
    minimum = float(act.ACTIVATIONS["gelu"].properties.output_range.low)
    low, high = ax_f.get_ylim()
    assert low < minimum < high and (high - low) < 1.5 * (float(act.gelu(x_range[1])) - minimum) + 0.1
    for ax in (ax_f, ax_d):
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert [line.get_label() for line in _drawn(ax)] == labels, "every drawn line is in the legend"
        for line in _drawn(ax):
            y = np.asarray(line.get_ydata())
            assert ax.get_ylim()[0] <= y.min() and y.max() <= ax.get_ylim()[1], f"{line.get_label()} is cut off"
    assert ax_f.get_xlim() == pytest.approx(x_range)


def test_approximations_figure_tells_the_coinciding_forms_apart():
    ax_f, _ = gelu_lesson.approximations_figure().axes
    exact, tanh_form, sigmoid_form = _drawn(ax_f)[:3]
    styles = {(line.get_linestyle(), line.get_marker()) for line in (exact, tanh_form, sigmoid_form)}
    assert len(styles) == 3, "each form has its own line style and marker"
    assert exact.get_linewidth() > tanh_form.get_linewidth(), "the exact form shows around the tanh form on top"
    assert tanh_form.get_markevery() != sigmoid_form.get_markevery(), "the two approximations' markers alternate"
    np.testing.assert_allclose(tanh_form.get_ydata(), act.gelu(tanh_form.get_xdata(), approximate="tanh"))
    np.testing.assert_allclose(sigmoid_form.get_ydata(),
                               sigmoid_form.get_xdata() * special.expit(1.702 * sigmoid_form.get_xdata()))


def test_tanh_gap_figure_marks_the_largest_gaps_at_mirror_points():
    fig = gelu_lesson.tanh_gap_figure()
    xs = np.linspace(-6.0, 6.0, 12001)
    expected = [np.abs(act.gelu(xs, approximate="tanh") - act.gelu(xs)).max(),
                np.abs(act.gelu_derivative(xs, approximate="tanh") - act.gelu_derivative(xs)).max()]
    for ax, largest in zip(fig.axes, expected, strict=True):
        curve, dots = _drawn(ax)
        assert np.abs(dots.get_ydata()).max() == pytest.approx(largest)
        assert dots.get_xdata()[0] == pytest.approx(-dots.get_xdata()[1])
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [curve.get_label(), dots.get_label()]


# -- exercises -------------------------------------------------------------------

def test_the_lesson_has_its_five_exercises():
    assert {"gelu-derivative", "gelu-reflection", "gelu-tanh", "gelu-tanh-derivative",
            "gelu-sigmoid-derivative"} == set(GELU_EXERCISES)


@pytest.mark.parametrize("answer", [
    lambda x: special.ndtr(x) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi),
    lambda x: 0.5 * (1 + special.erf(x / np.sqrt(2))) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi),
])
def test_derivative_checker_accepts_every_right_form(answer, capsys):
    assert lab.check("gelu-derivative", answer)


def test_derivative_checker_rejects_the_gate_alone(capsys):
    assert not lab.check("gelu-derivative", special.ndtr)
    assert "Hint" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [
    lambda x: 1 - act.gelu_derivative(x),
    lambda x: 1 - special.ndtr(x) - x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi),   # Φ(−x) − xφ(x), derived
])
def test_reflection_checker_accepts_every_right_form(answer, capsys):
    assert lab.check("gelu-reflection", answer)


@pytest.mark.parametrize("slip", [act.gelu_derivative, lambda x: -act.gelu_derivative(x)])
def test_reflection_checker_rejects_the_sign_slips(slip, capsys):
    assert not lab.check("gelu-reflection", slip)


def test_reflection_identity_holds_for_both_forms():
    x = np.linspace(-8.0, 8.0, 161)
    for form in ("none", "tanh"):
        np.testing.assert_allclose(act.gelu(x, approximate=form) - act.gelu(-x, approximate=form), x,
                                   rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(act.gelu_derivative(x, approximate=form)
                                   + act.gelu_derivative(-x, approximate=form), 1.0, rtol=0, atol=1e-14)


def test_tanh_derivative_checker_accepts_the_sigmoid_form(capsys):
    def sigmoid_form(x):
        u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
        du = np.sqrt(2 / np.pi) * (1 + 3 * 0.044715 * x**2)
        return act.sigmoid(2 * u) * (1 + 2 * x * du * act.sigmoid(-2 * u))
    assert lab.check("gelu-tanh-derivative", sigmoid_form)


def test_sigmoid_checker_rejects_a_missing_inner_factor(capsys):
    s = lambda x: act.sigmoid(1.702 * x)
    assert not lab.check("gelu-sigmoid-derivative", lambda x: s(x) + x * s(x) * (1 - s(x)))
    assert lab.check("gelu-sigmoid-derivative", lambda x: s(x) + 1.702 * x * s(x) * (1 - s(x)))


# -- the numbers the prose states ---------------------------------------------------

_GRID = np.linspace(0.0, 8.0, 80001)


def _worst_tanh_gate_error(c):
    gate = 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (_GRID + c * _GRID**3)))
    return np.max(np.abs(special.ndtr(_GRID) - gate))


def _worst_sigmoid_gate_error(k):
    return np.max(np.abs(special.ndtr(_GRID) - special.expit(k * _GRID)))


def test_the_fits_reproduce_the_published_constants_and_the_error_ratios():
    fit = optimize.minimize_scalar(_worst_tanh_gate_error, bounds=(0.03, 0.06), method="bounded",
                                   options={"xatol": 1e-9})
    assert round(fit.x, 6) == 0.044715
    taylor = (4 - np.pi) / (6 * np.pi)
    assert 1.6 < _worst_tanh_gate_error(taylor) / fit.fun < 2.0          # "almost twice"
    assert 80 < _worst_tanh_gate_error(0.0) / fit.fun < 120              # "about 100 times"
    k = optimize.minimize_scalar(_worst_sigmoid_gate_error, bounds=(1.5, 1.9), method="bounded",
                                 options={"xatol": 1e-9}).x
    assert round(k, 3) == 1.702
    k_slope = 4 / np.sqrt(2 * np.pi)                                      # σ(2√(2/π)x) is the c = 0 tanh gate
    assert _worst_sigmoid_gate_error(k_slope) == pytest.approx(_worst_tanh_gate_error(0.0), rel=1e-12)


def test_the_gaps_the_prose_rounds():
    xs = np.linspace(-6.0, 6.0, 12001)
    tanh_gap = np.abs(act.gelu(xs, approximate="tanh") - act.gelu(xs)).max()
    tanh_slope_gap = np.abs(act.gelu_derivative(xs, approximate="tanh") - act.gelu_derivative(xs)).max()
    assert 4.5e-4 < tanh_gap < 5e-4 and 8.5e-4 < tanh_slope_gap < 9e-4
    swish_gap = np.abs(act.swish(xs, beta=1.702) - act.gelu(xs)).max()
    silu_gap = np.abs(act.swish(xs, beta=1.0) - act.gelu(xs)).max()
    assert 0.02 < swish_gap < 0.021 and 35 < swish_gap / tanh_gap < 45      # "within 0.02", "about 40 times"
    assert 8 < silu_gap / swish_gap < 12                                      # "about ten times larger again"


def test_the_textbook_tail_fails_where_the_prose_says():
    textbook = lambda x: 0.5 * x * (1 + special.erf(x / np.sqrt(2)))
    assert textbook(-8.0) != 0.0 and textbook(-10.0) == 0.0               # "between −8 and −10"
    assert 0.01 < abs(textbook(-8.0) / act.gelu(-8.0) - 1) < 0.03         # "2% off"


def test_the_two_forms_properties_differ_by_less_than_the_prose_says():
    exact, tanh_form = (act.ACTIVATIONS["gelu"].properties_for(approximate=form) for form in ("none", "tanh"))
    assert abs(exact.output_range.low - tanh_form.output_range.low) < 1e-4
    assert abs(exact.max_slope - tanh_form.max_slope) < 1e-4
    swish_low = act.ACTIVATIONS["swish"].properties_for(beta=1.702).output_range.low
    assert exact.output_range.low < swish_low < 0                           # "slightly shallower"
