"""Lesson 4 (leaky ReLU, PReLU): the family figure, the leak reviving a dead unit, the exercises.

The dead-unit widget itself (shared with lesson 3) is driven slider by slider in test_relu_lesson.py.
"""

from __future__ import annotations

import numpy as np
import pytest

import activation_lab as lab
import activations as act
from activation_lab import figures
from activation_lab.lessons import leaky_relu as leaky_relu_lesson
from activation_lab.lessons import relu as relu_lesson


def test_registry_slider_spans_relu_to_identity():
    (alpha,) = act.ACTIVATIONS["leaky_relu"].parameters
    assert alpha.minimum == 0.0 and alpha.maximum == 1.0


@pytest.mark.parametrize("alpha", [0.0, 1.0])
def test_explorer_at_the_ends_of_the_alpha_slider(alpha):
    explorer = lab.explore("leaky_relu", alpha=alpha, x0=-1.0)
    try:
        x, f = explorer.lines["function"].get_data()
        expected = act.relu(x) if alpha == 0.0 else x
        np.testing.assert_array_equal(f, expected)
        assert explorer.tangent_slope() == pytest.approx(alpha)
        assert explorer.errors == []
    finally:
        explorer.close()


@pytest.mark.parametrize("alphas", [(0.0, 0.1, 0.3, 1.0), (0.5,), (0.0, 1.0)])
def test_family_figure_draws_the_module_values(alphas):
    fig = leaky_relu_lesson.leaky_family_figure(alphas)
    ax_f, ax_d = fig.axes
    functions = ax_f.get_lines()[2:]               # after the two zero lines
    assert len(functions) == len(alphas)
    derivative_lines = iter(ax_d.get_lines()[2:])
    for i, alpha in enumerate(alphas):
        x, y = functions[i].get_data()
        np.testing.assert_array_equal(y, act.leaky_relu(x, alpha=alpha))
        kink = alpha != 1.0
        branches = [next(derivative_lines) for _ in range(2 if kink else 1)]
        for branch in branches:
            bx, by = branch.get_data()
            np.testing.assert_array_equal(by, act.leaky_relu_derivative(bx, alpha=alpha))
        if kink:                                   # two branches and a dot at the convention's value
            left, right = branches
            assert left.get_xdata().max() == 0.0 and right.get_xdata().min() > 0.0
            assert list(next(derivative_lines).get_ydata()) == [alpha]
    assert next(derivative_lines, None) is None    # no dot at alpha = 1, where there is no kink
    assert len({line.get_marker() for line in functions}) == len(alphas)   # coinciding lines told apart
    figures.png_bytes(fig)


def test_the_leak_revives_the_dead_unit_and_relu_does_not():
    assert relu_lesson.train_unit("leaky_relu", -1.5, alpha=0.0).status == "dead"
    first_active = []
    for alpha in (0.01, 0.1, 0.3, 1.0):
        run = relu_lesson.train_unit("leaky_relu", -1.5, alpha=alpha)
        assert run.active_at_start == 0 and run.active_counts[-1] > 0
        assert run.status in ("revived", "learned") and run.bias_gradients[0] < 0.0
        first_active.append(int(np.argmax(run.active_counts > 0)))
    assert first_active == sorted(first_active, reverse=True)     # a larger leak revives sooner


def test_prelu_alpha_gradient_matches_a_finite_difference():
    x = np.linspace(-5.0, 5.0, 101)
    for alpha in (0.0, 0.25, 1.0):
        numeric = (act.leaky_relu(x, alpha=alpha + 1e-6) - act.leaky_relu(x, alpha=alpha - 1e-6)) / 2e-6
        np.testing.assert_allclose(numeric, np.minimum(x, 0.0), atol=1e-8)


@pytest.mark.parametrize(("key", "right", "wrong"), [
    ("leaky-relu-inverse", lambda y: np.where(y > 0, y, y / 0.1), lambda y: np.where(y > 0, y, 0.1 * y)),
    ("leaky-relu-inverse", lambda y: np.where(y >= 0, y, 10.0 * y), lambda y: y / 0.1),
    ("leaky-relu-from-relu", lambda x: act.relu(x) - 0.2 * act.relu(-x), lambda x: act.relu(x) + 0.2 * act.relu(-x)),
    ("prelu-alpha-gradient", lambda x: np.minimum(x, 0.0), lambda x: act.leaky_relu_derivative(x, alpha=0.25)),
    ("prelu-alpha-gradient", lambda x: np.minimum(x, 0.0), lambda x: np.maximum(x, 0.0)),
    ("leaky-relu-max-form", lambda x: 2.0 * act.leaky_relu(x, alpha=0.5), lambda x: act.leaky_relu(x, alpha=2.0)),
])
def test_exercises_accept_the_solution_and_reject_a_typical_mistake(key, right, wrong, capsys):
    assert lab.check(key, right)
    assert not lab.check(key, wrong)
    assert "Hint:" in capsys.readouterr().out


