"""Lesson 1 (sigmoid) helpers and exercises: the zig-zag paths and figure, and the verdicts the
checkers promise (no warning, the tolerance the prompt states, hints that nudge)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special

import activation_lab as lab
import activations as act
from activation_lab.exercises import EXERCISES
from activation_lab.lessons import sigmoid as sigmoid_lesson


def test_all_positive_inputs_move_both_weights_the_same_way_at_every_step():
    paths = sigmoid_lesson.zigzag_paths()
    positive, centred = paths["positive"], paths["centred"]
    assert np.all(positive.inputs > 0.0)
    assert positive.same_sign_steps == len(positive.updates)
    assert 0 < centred.same_sign_steps < len(centred.updates)
    assert abs(float(np.mean(centred.inputs))) < 0.15
    assert positive.length > 1.5 * centred.length > 1.5 * float(np.hypot(2.0, 2.0))
    for path in paths.values():       # both reach the optimum: the difference is the route, not the end
        assert np.linalg.norm(path.weights[-1] - sigmoid_lesson.ZIGZAG_OPTIMUM) < 0.15


def test_zigzag_figure_shows_every_path_and_names_it_in_the_legend():
    paths = sigmoid_lesson.zigzag_paths()
    ax = sigmoid_lesson.zigzag_figure(paths).axes[0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    drawn = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert {line.get_label() for line in drawn} <= set(legend)
    assert any("path length 6.71" in label for label in legend)
    low_x, high_x = ax.get_xlim()
    low_y, high_y = ax.get_ylim()
    for path in paths.values():
        assert np.all((low_x < path.weights[:, 0]) & (path.weights[:, 0] < high_x))
        assert np.all((low_y < path.weights[:, 1]) & (path.weights[:, 1] < high_y))
    assert {line.get_linestyle() for line in drawn if "inputs" in line.get_label()} == {"-", "--"}


def _classic_where(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def test_stable_sigmoid_passes_scipy_expit_although_it_rounds_a_subnormal_to_zero(capsys):
    assert scipy.special.expit(-745.0) == 0.0 and act.sigmoid(-745.0) > 0.0
    assert lab.check("sigmoid-stable", scipy.special.expit)
    assert "✓" in capsys.readouterr().out


def test_stable_sigmoid_fails_the_classic_where_because_numpy_warns(capsys):
    assert not lab.check("sigmoid-stable", _classic_where)
    out = capsys.readouterr().out
    assert "NumPy warned: overflow encountered in exp" in out and "right values" in out


def test_stable_sigmoid_fails_the_naive_formula(capsys):
    assert not lab.check("sigmoid-stable", lambda x: 1 / (1 + np.exp(-x)))
    assert "overflow" in capsys.readouterr().out


def test_stable_sigmoid_tolerance_is_a_few_ulps_with_a_floor_at_the_smallest_normal():
    task = EXERCISES["sigmoid-stable"]
    assert task.atol == np.finfo(float).tiny and task.rtol == 4 * np.finfo(float).eps
    x = np.array(task.points)
    off_by_ten_ulps = act.sigmoid(x) * (1 + 10 * np.finfo(float).eps)
    assert not lab.check("sigmoid-stable", lambda _: off_by_ten_ulps)


@pytest.mark.parametrize("key, right, wrong", [
    ("sigmoid-derivative", lambda x: act.sigmoid(x) * (1 - act.sigmoid(x)), lambda x: act.sigmoid(x) * (1 - x)),
    ("sigmoid-derivative", lambda x: act.sigmoid(x) * act.sigmoid(-x), lambda x: act.sigmoid(x) ** 2),
    # SciPy's expit is a sigmoid, so "using only sigmoid(x)" allows it
    ("sigmoid-derivative", lambda x: scipy.special.expit(x) * (1 - scipy.special.expit(x)),
     lambda x: scipy.special.expit(x) * (1 - x)),
    ("sigmoid-logit", lambda p: np.log(p / (1 - p)), lambda p: np.log(p)),
    ("sigmoid-slope-fraction", lambda q: 2 * np.arctanh(np.sqrt(1 - q)),
     lambda q: np.log((1 + np.sqrt(1 - q)) / 2)),
    ("sigmoid-log", lambda x: -np.logaddexp(0.0, -x), lambda x: np.log(act.sigmoid(x))),
])
def test_exercises_accept_right_forms_and_reject_typical_mistakes(key, right, wrong, capsys):
    assert lab.check(key, right)
    assert not lab.check(key, wrong)


def test_log_sigmoid_accepts_a_tiny_absolute_error_for_large_positive_x():
    # log σ(40) ≈ −4.2e-18; the naive log(σ) gives 0 there, which the prompt's 1e-15 floor accepts,
    # so what fails the naive form is the other tail (log 0 = −inf and a warning at x = −800)
    x = np.array(EXERCISES["sigmoid-log"].points)
    positive_only = np.where(x > 0, np.log(act.sigmoid(np.abs(x))), -np.logaddexp(0.0, -x))
    assert lab.check("sigmoid-log", lambda _: positive_only)




def test_lesson_one_has_a_reasoning_exercise_and_every_prompt_says_what_right_means():
    keys = [key for key in EXERCISES if key.startswith("sigmoid-")]
    assert len(keys) >= 3 and "sigmoid-slope-fraction" in keys
    for key in keys:
        assert "right" in EXERCISES[key].prompt.lower(), key
