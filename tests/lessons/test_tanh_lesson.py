"""Lesson 2 (tanh) helpers and exercises: the sigmoid-vs-tanh training curves and figure, and the
exercise verdicts."""

from __future__ import annotations

import numpy as np
import pytest

import activation_lab as lab
import activations as act
from activation_lab.exercises import EXERCISES
from activation_lab.lessons import tanh as tanh_lesson


@pytest.fixture(scope="module")
def losses():
    return tanh_lesson.training_losses()


def test_training_is_deterministic_and_descends(losses):
    again = tanh_lesson.training_losses()
    for name, curves in losses.items():
        np.testing.assert_array_equal(curves, again[name])
        assert curves.shape == (10, 301)
        assert np.all(curves[:, -1] < curves[:, 0]), name


def test_tanh_is_below_the_sigmoid_from_step_20_for_every_start(losses):
    """What the notebook prints and the figure shows: the claim is exactly this strong."""
    assert np.all(losses["tanh"][:, 20:] < losses["sigmoid"][:, 20:])
    assert np.median(losses["tanh"][:, -1]) < 0.5 * np.median(losses["sigmoid"][:, -1])


def test_training_uses_the_registry_derivative(monkeypatch):
    entry = act.ACTIVATIONS["tanh"]
    before = tanh_lesson.train_tiny_network("tanh", seed=0, steps=5)
    monkeypatch.setattr(type(entry), "df", property(lambda self: (lambda x: 0.0 * x)), raising=False)
    after = tanh_lesson.train_tiny_network("tanh", seed=0, steps=5)
    assert not np.array_equal(before, after)


def test_training_figure_shows_every_curve_in_range_and_in_the_legend(losses):
    ax = tanh_lesson.training_figure(losses).axes[0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["Sigmoid: best to worst of 10 starts", "Sigmoid: median loss",
                      "Tanh: best to worst of 10 starts", "Tanh: median loss"]
    lines = ax.get_lines()
    assert {line.get_linestyle() for line in lines} == {"-", "--"}
    assert len({line.get_marker() for line in lines}) == 2
    low, high = ax.get_ylim()
    for curves in losses.values():
        assert low <= curves.min() and curves.max() <= high
    assert ax.get_xlim() == (0.0, 300.0)


@pytest.mark.parametrize("key, right, wrong", [
    ("tanh-derivative", lambda x: 1 - act.tanh(x) ** 2, lambda x: 1 - act.tanh(x)),
    ("tanh-derivative", lambda x: 4 * act.sigmoid(2 * x) * act.sigmoid(-2 * x), lambda x: 1 - x ** 2),
    ("tanh-from-sigmoid", lambda x: 2 * act.sigmoid(2 * x) - 1, lambda x: 2 * act.sigmoid(x) - 1),
    ("tanh-from-sigmoid", lambda x: act.sigmoid(2 * x) - act.sigmoid(-2 * x),
     lambda x: act.sigmoid(x) - act.sigmoid(-x)),
    ("tanh-derivative-from-sigmoid", lambda x: 4 * act.sigmoid_derivative(2 * x),
     lambda x: 2 * act.sigmoid_derivative(2 * x)),
    ("tanh-saturation-threshold", lambda q: np.arctanh(np.sqrt(1 - q)), lambda q: np.arctanh(1 - q)),
    ("tanh-saturation-threshold", lambda q: 0.5 * (np.log1p(np.sqrt(1 - q)) - np.log1p(-np.sqrt(1 - q))),
     lambda q: np.log1p(np.sqrt(1 - q)) - np.log1p(-np.sqrt(1 - q))),
])
def test_exercises_accept_right_forms_and_reject_typical_mistakes(key, right, wrong, capsys):
    assert lab.check(key, right)
    assert not lab.check(key, wrong)




def test_lesson_two_has_a_reasoning_exercise_and_every_prompt_says_what_right_means():
    keys = [key for key in EXERCISES if key.startswith("tanh-")]
    assert len(keys) >= 3 and "tanh-saturation-threshold" in keys
    for key in keys:
        assert "right" in EXERCISES[key].prompt.lower(), key
