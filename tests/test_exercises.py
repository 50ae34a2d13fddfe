"""Every exercise of the bank, checked the same way: its hint nudges without giving the answer, its
stub says "not attempted yet", its prompt says what "right" means, and its messages name the input
as the prompt does.  (Each lesson's tests check that its right answers pass and typical mistakes fail.)
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

import activation_lab as lab
import activations as act
from activation_lab.exercises import EXERCISES

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))

#: What each hint must not say: the formula, or the code, that the solution cell holds.
HINT_MUST_NOT_SAY = {
    "overview-collapse": ["-1.5", "−1.5", "5"],
    "overview-stack-intercept": ["2(1", "2 * (1", "1 − 0.5"],
    "overview-hat": ["relu(x + 1)", "−2", "- 2"],
    "overview-leaky-mean": ["1 − α", "1 - alpha", "√(2π)"],
    "sigmoid-derivative": ["(1 − σ", "1 - s", "σ(x)·σ(−x)"],
    "sigmoid-stable": ["t/(1+t)", "exp(−|x|)", "1/(1+t)"],
    "sigmoid-logit": ["log(p", "p / (1 − p)"],
    "sigmoid-slope-fraction": ["√(1 − q)", "sqrt"],
    "sigmoid-log": ["logaddexp", "log1p"],
    "tanh-derivative": ["1 − tanh²", "1 - tanh", "sech"],
    "tanh-from-sigmoid": ["2σ(2x) − 1", "2σ(2x)", "σ(2x)"],
    "tanh-derivative-from-sigmoid": ["4σ′", "4σ'", "σ'(2x)", "σ′(2x)"],
    "tanh-saturation-threshold": ["arctanh", "√(1 − q)", "sqrt"],
    "relu-derivative": ["1.0 *", "(x >", "where("],
    "relu-from-abs": ["/ 2", "(x + |x|)", "abs("],
    "relu-dead-bias": ["−2|w0|", "-2 * |w0|", "2|w0|"],
    "leaky-relu-inverse": ["y / 0.1", "10y", "where("],
    "leaky-relu-from-relu": ["(-x)", "0.2 *", "relu(x) −"],
    "prelu-alpha-gradient": ["min(x, 0)", "np.minimum"],
    "leaky-relu-max-form": ["leaky_relu(2", "2 * act", "alpha=0.5"],
    "elu-derivative-from-function": ["f(x) + α", "elu(x, alpha=2) + 2", "+ 2"],
    "elu-derivative-jump": ["1 − α", "1 - alpha"],
    "elu-slope-threshold": ["log(0.1", "ln(0.1", "np.log"],
    "selu-derivative": ["λα·eˣ", "scale * alpha * np.exp"],
    "swish-derivative": ["σ(x) + x·σ(x)(1 − σ(x))", "s + x * s * (1 - s)"],
    "swish-minimum": ["/ beta", "/β", "−1.2785"],
    "swish-beta-gradient": ["x²", "x * x", "x·x·σ′"],
    "hard-swish-derivative": ["(2x + 3)/6", "(2 * x + 3) / 6"],
    "gelu-derivative": ["Φ(x) + x·φ(x)", "exp(−x²/2)/√(2π)"],
    "gelu-reflection": ["1 − f′(x)", "1 - f'(x)"],
    "gelu-tanh": ["0.5·x·(1 +", "½·x·(1 − tanh"],
    "gelu-tanh-derivative": ["(1 − tanh²"],
    "gelu-sigmoid-derivative": ["σ(kx)(1 − σ(kx))", "σ(kx) + x"],
    "softmax-jacobian": ["diag(s) − s sᵀ for", "np.eye(K) * s[:, None, :] -"],
    "softmax-vjp": ["s * (g", "g − (g", "s ⊙"],
    "softmax-ce-gradient": ["s₁ − 1", "s − y"],
    "softmax-temperature-peak": ["1/(4T)", "0.25", "1/4"],
    "softmax-log-stable": ["log1p", "m + log", "x − m"],
    "gradient-flow-backward-step": ["@", "W.T", "Wᵀ", "1 − tanh", "1 - tanh"],
    "gradient-flow-he-std": ["2/fan_in", "2 / fan_in", "sqrt", "√"],
    "gradient-flow-slope-bound": ["0.25", "1/4", "¼", "**"],
    "gradient-flow-leaky-gain": ["1 + α", "1 + alpha", "sqrt", "√(2"],
}


def _solution_returns() -> dict[str, list[str]]:
    """The return expressions of each exercise's worked solution, from the lessons as shipped."""
    found: dict[str, list[str]] = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if "solution" not in cell.metadata.get("tags", []):
                continue
            key = re.search(r"check\w*\(\"([\w-]+)\"", cell.source).group(1)
            found[key] = [re.sub(r"\s+#.*", "", line).strip()
                          for line in re.findall(r"^\s+return (.+)$", cell.source, re.M)]
    return found


SOLUTIONS = _solution_returns()


def test_every_exercise_has_a_solution_in_a_lesson_and_a_list_of_what_its_hint_must_not_say():
    assert set(SOLUTIONS) == set(EXERCISES)
    assert set(HINT_MUST_NOT_SAY) == set(EXERCISES)


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_hints_nudge_without_giving_the_answer(key):
    hint = EXERCISES[key].hint
    given = [fragment for fragment in HINT_MUST_NOT_SAY[key] + SOLUTIONS[key] if fragment in hint]
    assert not given, f"{key}: the hint gives away {given}: {hint}"


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_every_prompt_names_its_input(key):
    task = EXERCISES[key]
    assert re.search(rf"(?<![\w]){re.escape(task.variable.lower())}(?![\w])", task.prompt.lower()), (
        key, task.variable)


def _arity(key: str) -> int:
    task = EXERCISES[key]
    return len(task.arguments(np.array(task.points))) if task.arguments else 1


def _stub_of_one(x):
    return None


def _stub_of_two(s, g):
    return None


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_the_shipped_stub_says_not_attempted_yet(key, capsys):
    stub = _stub_of_two if _arity(key) == 2 else _stub_of_one
    assert not lab.check(key, stub)
    out = capsys.readouterr().out
    assert out.startswith(f"… {key}: not attempted yet. {EXERCISES[key].prompt}")
    assert "NumPy array" in out
    assert re.search(r"[Rr]ight means|within", out), f"{key}: the prompt does not say what right means"


@pytest.mark.parametrize("key", sorted(k for k in EXERCISES if EXERCISES[k].arguments is None))
def test_a_wrong_answer_is_told_where_it_differs_in_the_prompt_s_words(key, capsys):
    task = EXERCISES[key]
    assert not lab.check(key, lambda v: task.expected(v) + 1.0)
    out = capsys.readouterr().out
    assert f"At {task.variable} = " in out and "Hint: " in out


def test_an_if_on_the_input_array_is_explained_with_the_prompt_s_name(capsys):
    def with_if(w0):
        return -2 * w0 if w0 > 0 else 2 * w0

    assert not lab.check("relu-dead-bias", with_if)
    out = capsys.readouterr().out
    assert "`if w0 > 0:` cannot decide: use np.where" in out


def test_an_if_where_comparisons_are_ruled_out_does_not_suggest_them(capsys):
    def with_if(x):
        return x if x > 0 else 0 * x

    assert not lab.check("relu-from-abs", with_if)
    out = capsys.readouterr().out
    assert "`if x > 0:` cannot decide, and this exercise rules out where and comparisons" in out
    assert "np.where(" not in out


#: Right values by a method the prompt rules out: the checker must say so, naming what was used.
RULED_OUT_ANSWERS = {
    "overview-hat": (lambda x: np.maximum(0, 1 - np.abs(x)), "abs"),
    "relu-from-abs": (lambda x: np.maximum(x, 0), "maximum"),
    "sigmoid-derivative": (lambda x: act.sigmoid_derivative(x), "sigmoid_derivative"),
    "tanh-derivative": (lambda x: 1 / np.cosh(x) ** 2, "cosh"),
    "tanh-from-sigmoid": (lambda x: np.tanh(x), "tanh"),
    "tanh-derivative-from-sigmoid": (lambda x: act.tanh_derivative(x), "tanh_derivative"),
    "relu-derivative": (lambda x: act.relu_derivative(x), "relu_derivative"),
    "leaky-relu-from-relu": (lambda x: np.where(x > 0, x, 0.2 * x), "where"),
    "leaky-relu-max-form": (lambda x: 2 * act.leaky_relu(x, alpha=0.5) * (x == x), "comparison"),
    "elu-derivative-from-function": (lambda x: act.elu_derivative(x, alpha=2.0), "elu_derivative"),
    "swish-derivative": (lambda x: act.swish_derivative(x), "swish_derivative"),
    "gelu-sigmoid-derivative": (lambda x: act.swish_derivative(x, beta=1.702), "swish_derivative"),
}


@pytest.mark.parametrize("key", sorted(RULED_OUT_ANSWERS))
def test_right_values_by_a_ruled_out_method_fail(key, capsys):
    answer, name = RULED_OUT_ANSWERS[key]
    assert not lab.check(key, answer)
    out = capsys.readouterr().out
    assert out.startswith(f"✗ {key}: right values, but your function uses ") and name in out
    assert "which the prompt rules out" in out


def test_a_helper_function_in_the_notebook_is_read_too(capsys):
    namespace = {"np": np}
    exec("def positive_part(x):\n    return np.maximum(x, 0)\n\n"
         "def answer(x):\n    return positive_part(x)\n", namespace)
    assert not lab.check("relu-from-abs", namespace["answer"])
    assert "uses maximum" in capsys.readouterr().out
    assert lab.check("relu-from-abs", lambda x: (x + np.abs(x)) / 2)
