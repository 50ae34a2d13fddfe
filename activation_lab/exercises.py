"""The exercise bank, as data: each exercise's prompt, reference answer, test points and hint.

Lessons 1–9 check answers against it with :func:`activation_lab.check`; reference answers that need
a lesson's own helper import it from that lesson's module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

import activations

from .lessons.elu import selu_derivative
from .lessons.gradient_flow import backward_step_reference, variance_preserving_std
from .lessons.swish import hard_swish_derivative, swish_minimum_location


@dataclass(frozen=True)
class Exercise:
    """An exercise: the student's function must match ``expected`` on ``points``."""

    prompt: str
    expected: Callable
    points: tuple[float, ...]
    hint: str
    rtol: float = 1e-6
    atol: float = 1e-9
    no_warnings: bool = False       #: the prompt promises that the answer makes NumPy warn for no input


def _points(*arrays) -> tuple[float, ...]:
    return tuple(float(v) for v in np.concatenate([np.atleast_1d(a) for a in arrays]))


_WIDE = np.linspace(-8.0, 8.0, 161)

EXERCISES: dict[str, Exercise] = {
    "sigmoid-derivative": Exercise(
        "Write σ'(x) using only sigmoid(x).",
        activations.sigmoid_derivative, _points(_WIDE),
        "The derivation ends with σ(x)·(1 − σ(x))."),
    "sigmoid-stable": Exercise(
        "Write a sigmoid that gives no warning and the right value for x = ±800.",
        activations.sigmoid, _points(_WIDE, [-800.0, -745.0, -700.0, -40.0, 40.0, 800.0]),
        "Use t = exp(−|x|) ≤ 1: 1/(1+t) for x ≥ 0 and t/(1+t) for x < 0.", rtol=1e-12, atol=0.0,
        no_warnings=True),
    "sigmoid-logit": Exercise(
        "Write the inverse of the sigmoid (the logit), for p in (0, 1).",
        lambda p: np.log(p) - np.log1p(-p), _points(np.linspace(0.01, 0.99, 99)),
        "Solve p = 1/(1+e^(−x)) for x: x = log(p / (1 − p))."),
    "tanh-derivative": Exercise(
        "Write tanh'(x) using only tanh(x).",
        activations.tanh_derivative, _points(_WIDE),
        "Differentiate sinh/cosh with the quotient rule: 1 − tanh²(x)."),
    "tanh-from-sigmoid": Exercise(
        "Write tanh(x) using only the sigmoid.",
        activations.tanh, _points(_WIDE),
        "tanh(x) = 2σ(2x) − 1: stretch the sigmoid vertically by 2, squeeze it horizontally by 2, shift it down by 1."),
    "tanh-derivative-from-sigmoid": Exercise(
        "Write tanh'(x) using only sigmoid_derivative.",
        activations.tanh_derivative, _points(_WIDE),
        "Differentiate 2σ(2x) − 1 with the chain rule: the inner 2 and the outer 2 multiply."),
    # --- exercises: 03-relu ---
    "relu-derivative": Exercise(
        "Write relu'(x) with the module's convention at 0 (0 there), using a comparison.",
        activations.relu_derivative, _points(_WIDE, [0.0, -0.0, 1e-300, -1e-300]),
        "x > 0 is True only for x > 0, so at the kink it gives 0, the convention; "
        "make floats of it with 1.0 * (x > 0)."),
    "relu-from-abs": Exercise(
        "Write relu(x) using only np.abs, + and / (no max, no where, no comparison).",
        activations.relu, _points(_WIDE),
        "|x| = x for x ≥ 0 and −x for x < 0: the average of x and |x| is x or 0."),
    "relu-derivative-from-output": Exercise(
        "Write relu'(x) using only the output h = act.relu(x), as frameworks do when they keep only the output.",
        activations.relu_derivative, _points(_WIDE, [0.0, 1e-300, -1e-300]),
        "h > 0 exactly where x > 0; h = 0 for every x ≤ 0, the kink included."),
    # --- exercises: 04-leaky-relu ---
    "leaky-relu-derivative": Exercise(
        "Write leaky_relu'(x) for alpha = 0.1, with the module's value alpha at x = 0.",
        lambda x: activations.leaky_relu_derivative(x, alpha=0.1),
        _points(_WIDE, [0.0, -0.0, 1e-300, -1e-300]),
        "Slope 1 where x > 0, slope alpha = 0.1 everywhere else (x = 0 included): np.where(x > 0, 1.0, 0.1)."),
    "leaky-relu-from-relu": Exercise(
        "Write leaky_relu(x, alpha=0.2) using only act.relu (no where, no comparison).",
        lambda x: activations.leaky_relu(x, alpha=0.2), _points(_WIDE),
        "relu(x) is the positive part of x and −relu(−x) the negative part; keep the first, scale the second "
        "by alpha."),
    "prelu-alpha-gradient": Exercise(
        "Write ∂f/∂α, the derivative of leaky_relu(x, alpha) with respect to alpha (PReLU's gradient).",
        lambda x: np.minimum(x, 0.0), _points(_WIDE, [0.0, -1e-300, 1e-300]),
        "Now x is the constant and α the variable: the piece x has no α in it (derivative 0), the piece α·x "
        "has slope x in α. The answer does not contain α at all.", rtol=1e-12, atol=0.0),
    # --- exercises: 05-elu ---
    "elu-derivative-from-function": Exercise(
        "Write ELU's derivative for alpha = 2 using only elu(x, alpha=2) (no exp).",
        lambda x: activations.elu_derivative(x, alpha=2.0), _points(_WIDE),
        "Step 4 of the derivation writes the x ≤ 0 branch through f itself; for x > 0 the function is the "
        "identity. Which branch does the module use at x = 0?"),
    "elu-derivative-jump": Exercise(
        "Return the jump f′(0⁺) − f′(0⁻) of ELU's derivative at 0, for each alpha in the array.",
        lambda alpha: 1.0 - alpha, _points(np.linspace(0.1, 3.0, 30)),
        "Take the two one-sided limits of f′ at 0 (section 2 computes them with sympy) and subtract them in "
        "the order the prompt asks: right minus left.",
        rtol=1e-12, atol=1e-12),
    "elu-slope-threshold": Exercise(
        "Return the x at which ELU's slope f′(x) equals 0.1, for each alpha in the array (0.2 ≤ alpha ≤ 3).",
        lambda alpha: np.log(0.1 / alpha), _points(np.linspace(0.2, 3.0, 29)),
        "A slope of 0.1 is below 1, so it happens on the x ≤ 0 branch. Set that branch's derivative equal to "
        "0.1 and undo the exponential.", rtol=1e-9, atol=1e-12),
    "selu-derivative": Exercise(
        "Write SELU′(x) = d/dx [λ·elu(x, α)] with the constants λ and α you computed, using elu_derivative.",
        selu_derivative, _points(_WIDE),
        "SELU is a constant times ELU: which rule of differentiation handles a constant factor? The module "
        "already has ELU's derivative; mind which α you pass it."),
    # --- exercises: 06-swish ---
    "swish-derivative": Exercise(
        "Write the SiLU's derivative f'(x) (swish with β = 1) using only sigmoid and x.",
        activations.swish_derivative, _points(_WIDE),
        "Product rule on x times the gate σ(x), with σ′ written through σ as in lesson 1. If you factor, "
        "the common factor is the gate, not swish(x): compare your value at x = 0 with 1/2."),
    "swish-minimum": Exercise(
        "Return the x where swish(x, beta) is smallest, for each beta > 0 in the array.",
        swish_minimum_location, _points(np.linspace(0.25, 10.0, 40)),
        "How does swish(x, β) relate to swish(βx, 1)? Rescale what section 5 found for the SiLU, or "
        "solve f'(x) = 0 with brentq for each beta.",
        rtol=1e-9, atol=0.0),
    "swish-beta-gradient": Exercise(
        "Write ∂f/∂β, the derivative of x·σ(βx) with respect to β, at β = 1, using only sigmoid and x.",
        lambda x: x * x * activations.sigmoid_derivative(x), _points(_WIDE),
        "Now x is the constant and β the variable: the outer factor x stays, and the chain rule on σ(βx) "
        "needs the inner derivative with respect to β, not x."),
    "hard-swish-derivative": Exercise(
        "Write hard swish's derivative, with the left branch at the kinks x = −3 and x = 3.",
        hard_swish_derivative, _points(_WIDE, [-3.0, 3.0, -1.5]),
        "Write hard swish piece by piece (ReLU6(x + 3) is 0, a straight line, or 6), differentiate each piece "
        "(the middle one by the product rule) and join them with np.where; at x = ±3 use the piece on the left.",
        rtol=1e-12, atol=1e-12),
    # --- exercises: 07-gelu ---
    "gelu-derivative": Exercise(
        "Write the exact GELU derivative Φ(x) + x·φ(x) with NumPy and scipy.special.ndtr (= Φ).",
        activations.gelu_derivative, _points(_WIDE),
        "Product rule on x·Φ(x): Φ(x) + x·φ(x), with φ(x) = exp(−x²/2)/√(2π) the standard normal density."),
    "gelu-tanh": Exercise(
        "Write the tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) with NumPy.",
        lambda x: activations.gelu(x, approximate="tanh"), _points(_WIDE),
        "The gate ½(1 + tanh u) replaces Φ(x); u = √(2/π)·(x + 0.044715·x³)."),
    "gelu-tanh-derivative": Exercise(
        "Write the derivative of the tanh approximation with NumPy.",
        lambda x: activations.gelu_derivative(x, approximate="tanh"), _points(_WIDE),
        "Product rule, then the chain rule: ½(1 + tanh u) + ½·x·(1 − tanh²u)·u′ with "
        "u′ = √(2/π)·(1 + 3·0.044715·x²)."),
    "gelu-sigmoid-derivative": Exercise(
        "Write the derivative of the sigmoid approximation x·σ(1.702x) using only act.sigmoid.",
        lambda x: activations.swish_derivative(x, beta=1.702), _points(_WIDE),
        "Product rule and chain rule: σ(kx) + x·k·σ(kx)(1 − σ(kx)) with k = 1.702."),
    # --- exercises: 08-softmax ---
    "softmax-diagonal": Exercise(
        "Write ∂s₁/∂x₁ for the logits (x, 0, 0) using only act.softmax.",
        lambda x: activations.softmax_derivative(activations.softmax_line(x, 3))[..., 0, 0], _points(_WIDE),
        "The i = j case of the derivation: s₁(1 − s₁), with s₁ the first entry of softmax((x, 0, 0))."),
    "softmax-cross-term": Exercise(
        "Write ∂s₂/∂x₁ for the logits (x, 0, 0) using only act.softmax.",
        lambda x: activations.softmax_derivative(activations.softmax_line(x, 3))[..., 1, 0], _points(_WIDE),
        "The i ≠ j case: −s₂s₁. Raising x₁ takes probability away from s₂, so the answer is negative."),
    "softmax-ce-gradient": Exercise(
        "Return ∂L/∂x₁ for L = −log s₁ (the true class is 1) and the logits (x, 0, 0).",
        lambda x: activations.softmax(activations.softmax_line(x, 3))[..., 0] - 1.0, _points(_WIDE),
        "The gradient of softmax + cross-entropy is s − y; y₁ = 1 for the true class."),
    "softmax-log-stable": Exercise(
        "Return log s₁ for the logits (x, 0, 0), right (and without warnings) for x from −1000 to 1000.",
        lambda x: x - np.logaddexp(x, math.log(2.0)),
        _points(_WIDE, [-1000.0, -800.0, -745.0, -40.0, 40.0, 745.0, 800.0, 1000.0]),
        "log s₁ = x₁ − logsumexp(x): subtract the maximum m first, logsumexp = m + log Σ exp(xⱼ − m).",
        rtol=1e-12, atol=1e-15, no_warnings=True),
    # --- exercises: 09-gradient-flow ---
    "gradient-flow-backward-step": Exercise(
        "Backpropagate through one tanh layer: return ∂L/∂z for its pre-activations z, given W and "
        "∂L/∂z_next from lab.backward_step_example().",
        backward_step_reference, _points(np.random.default_rng(91).normal(0.0, 1.5, 8)),
        "First ∂L/∂h = W @ δ_next (one row of W per unit of h), then multiply element by element by tanh′(z)."),
    "gradient-flow-he-std": Exercise(
        "Return the He standard deviation of the weights of a ReLU layer with fan_in inputs.",
        lambda fan_in: variance_preserving_std(fan_in, "relu"),
        _points(2.0 ** np.arange(11), [3.0, 5.0, 20.0, 100.0, 300.0]),
        "A ReLU keeps half of the second moment, E[relu(z)²] = Var(z)/2; "
        "choose Var(W) so that fan_in · Var(W) / 2 = 1."),
    "gradient-flow-slope-bound": Exercise(
        "Return the largest fraction of a gradient that can pass through `depth` sigmoid layers "
        "whose weights are the identity.",
        lambda depth: activations.sigmoid_derivative(0.0) ** depth, _points(np.arange(1.0, 31.0)),
        "Each layer multiplies by σ′(z), which is largest at z = 0.", rtol=1e-12, atol=0.0),
}
