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

from .lessons._softmax_checks import jacobian_arguments, locate_in_batch, vjp_arguments, vjp_memory_test
from .lessons.elu import selu_derivative
from .lessons.gradient_flow import backward_step_reference, leaky_relu_gain, variance_preserving_std
from .lessons.relu import dead_bias_threshold
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
    variable: str = "x"             #: what the prompt calls the input, and so the checker's messages
    arguments: Callable | None = None   #: points → the arguments the answer gets (default: the points)
    locate: Callable | None = None      #: (points, index of the worst entry) → where it is, in words
    cases: str = "points"               #: what one test case is called in the success message
    resource_test: Callable | None = None   #: answer → why it fails beyond its values ("{who} …"), or None
    forbidden: tuple[str, ...] = ()     #: names (or "comparison") the prompt rules out; see checks.ruled_out_names_used


def _points(*arrays) -> tuple[float, ...]:
    return tuple(float(v) for v in np.concatenate([np.atleast_1d(a) for a in arrays]))


_WIDE = np.linspace(-8.0, 8.0, 161)
#: what "no max, no where, no comparison" rules out, for Exercise.forbidden
_NO_MAX_WHERE_OR_COMPARISON = ("where", "maximum", "minimum", "fmax", "fmin", "max", "min", "clip", "greater",
                               "greater_equal", "less", "less_equal", "sign", "heaviside", "comparison")
_SOFTMAX_JACOBIAN_LOGITS = tuple(map(tuple, [
    [2.0, 1.0, 0.1, -1.0], [0.0, 0.0, 0.0, 0.0], [40.0, 0.0, 0.0, 0.0], [-3.0, 5.0, 5.0, 1.0],
    [700.0, 699.0, 0.0, -700.0], [0.5, -0.5, 2.5, -2.5], [-8.0, -8.0, -8.0, 8.0], [1e-3, 0.0, -1e-3, 0.0]]))
_SOFTMAX_VJP_POINTS = tuple(
    (tuple(row), tuple(g)) for row, g in zip(np.random.default_rng(808).normal(0.0, 3.0, (12, 5)).tolist(),
                                             np.random.default_rng(809).normal(0.0, 1.0, (12, 5)).tolist(),
                                             strict=True))


def softmax_vjp_reference(x, g):
    """gᵀJ for the logits x and the upstream gradient g, row by row, through the full Jacobian."""
    return np.einsum("...i,...ij->...j", g, activations.softmax_derivative(x))


def log_first_probability(x):
    """log s₁ for the logits (x, 0, 0), to a few units in the last place for every x.

    log s₁ = x − log(eˣ + 2): for x > 0 it is −log1p(2e⁻ˣ) (no cancellation, tiny for large x);
    for x ≤ 0 it is x − log 2 − log1p(eˣ/2) (three terms of one sign).

    Examples
    --------
    >>> float(log_first_probability(np.array(40.0)))
    -8.496708510583178e-18
    """
    x = np.asarray(x, dtype=float)
    t = np.exp(-np.abs(x))
    return np.where(x > 0, -np.log1p(2.0 * t), x - math.log(2.0) - np.log1p(t / 2.0))

EXERCISES: dict[str, Exercise] = {
    # --- exercises: 00-overview ---
    "overview-collapse": Exercise(
        "Two layers without an activation, h = 3x − 2 and then y = −0.5h + 4, are one affine map "
        "y = A·x + B. Find the numbers A and B on paper and return A * x + B.",
        lambda x: -1.5 * x + 5.0, _points(_WIDE),
        "Substitute the first line into the second and multiply out: which number multiplies x, and "
        "which number is left over?", rtol=1e-12, atol=1e-12),
    "overview-stack-intercept": Exercise(
        "n layers h ↦ 0.5·h + 1, applied one after the other, are one affine map x ↦ 0.5ⁿ·x + B(n). "
        "Return the intercept B(n) for each n in the array (n = 1, 2, …, 40).",
        lambda n: 2.0 * (1.0 - 0.5 ** n), _points(np.arange(1.0, 41.0)),
        "Write out n = 1, 2 and 3: each layer halves the intercept it receives and adds 1. The terms "
        "form a geometric series.", rtol=1e-12, atol=0.0, variable="n"),
    "overview-hat": Exercise(
        "Write the hat function max(0, 1 − |x|) as one hidden layer of ReLU units and a linear output: "
        "a sum of numbers times act.relu(x − a), with no abs, max, where or comparison.",
        lambda x: np.maximum(0.0, 1.0 - np.abs(x)), _points(_WIDE, [-1.0, 0.0, 1.0]),
        "The hat has corners at x = −1, 0 and 1, and its slope goes 0, 1, −1, 0 from left to right. "
        "c·relu(x − a) is 0 left of a and adds slope c from a on.", rtol=1e-12, atol=1e-12,
        forbidden=("abs", "absolute", "fabs", *_NO_MAX_WHERE_OR_COMPARISON)),
    "overview-leaky-mean": Exercise(
        "Return the exact mean output E[leaky_relu(Z, alpha)] for a standard-normal Z (within a relative "
        "1e-9), for each alpha in the array (0 ≤ alpha ≤ 1).",
        lambda alpha: (1.0 - alpha) / math.sqrt(2.0 * math.pi), _points(np.linspace(0.0, 1.0, 21)),
        "Split leaky_relu(z) into relu(z) and a multiple of relu(−z). Z and −Z have the same "
        "distribution, so E[relu(−Z)] = E[relu(Z)]; section 4 printed that number and lesson 3 gives "
        "its exact value.", rtol=1e-9, atol=1e-12, variable="alpha"),
    # --- exercises: 01-sigmoid ---
    "sigmoid-derivative": Exercise(
        "Write σ'(x) using only sigmoid(x); right means within 1e-9 + 1e-6·|σ'(x)| at 161 points of [−8, 8].",
        activations.sigmoid_derivative, _points(_WIDE),
        "Look at the last line of the derivation in section 2: it is written in σ(x) alone. Call "
        "act.sigmoid once, keep the result in a variable, and build that line from it.",
        forbidden=("sigmoid_derivative", "exp", "expm1")),
    "sigmoid-stable": Exercise(
        "Write a sigmoid that makes NumPy warn for no input and gives the right value for every x, ±800 "
        "included. Right means a relative error ≤ 4·2⁻⁵² ≈ 8.9e-16 (4 to 8 units in the last place) or, "
        "where σ(x) is below the smallest normal double (np.finfo(float).tiny ≈ 2.2e-308), within that "
        "absolute amount.",
        activations.sigmoid, _points(_WIDE, [-800.0, -745.0, -700.0, -40.0, 40.0, 800.0]),
        "Which step of 1/(1 + e^(−x)) overflows, and for which sign of x? For that sign, multiply top and "
        "bottom by one same factor so that exp only ever sees an argument ≤ 0. np.where evaluates both "
        "branches on every element, so neither branch may overflow anywhere.",
        rtol=4 * float(np.finfo(float).eps), atol=float(np.finfo(float).tiny), no_warnings=True),
    "sigmoid-logit": Exercise(
        "Write the inverse of the sigmoid (the logit), for p in (0, 1); right means within 1e-9 + 1e-6·|x|.",
        lambda p: np.log(p) - np.log1p(-p), _points(np.linspace(0.01, 0.99, 99)),
        "Set p = 1/(1 + e^(−x)) and solve for x: first isolate e^(−x) on one side, then take the "
        "logarithm of both sides.", variable="p"),
    "sigmoid-slope-fraction": Exercise(
        "For each q in (0, 1] in the array, return the x ≥ 0 at which σ'(x) equals q times its maximum 1/4; "
        "right means within 1e-12 + 1e-9·|x|.",
        lambda q: np.log1p(np.sqrt(1.0 - q)) - np.log1p(-np.sqrt(1.0 - q)),
        _points(np.linspace(0.05, 1.0, 20)),
        "Write σ' in terms of s = σ(x) (section 2) and set it equal to q/4: that is a quadratic equation "
        "in s. Of its two roots, x ≥ 0 needs the one with s ≥ 1/2; then undo σ with your logit "
        "(exercise 3).", rtol=1e-9, atol=1e-12, variable="q"),
    "sigmoid-log": Exercise(
        "Return log σ(x) with no NumPy warning for any x from −1000 to 1000; right means within "
        "1e-15 + 1e-12·|log σ(x)|.",
        lambda x: -np.logaddexp(0.0, -x),
        _points(_WIDE, [-1000.0, -800.0, -745.0, -700.0, -40.0, 40.0, 745.0, 800.0, 1000.0]),
        "Do not compute σ(x) first: for very negative x it rounds to 0 (or to a subnormal number with few correct "
        "digits, exercise 2) before the log is taken. Take the log of the definition on paper first: it is minus the "
        "log of a sum of two exponentials, and section 6 names the NumPy function for the log of such a "
        "sum that never overflows.", rtol=1e-12, atol=1e-15, no_warnings=True),
    # --- exercises: 02-tanh ---
    "tanh-derivative": Exercise(
        "Write tanh'(x) using only tanh(x); right means within 1e-9 + 1e-6·|tanh'(x)| at 161 points of [−8, 8].",
        activations.tanh_derivative, _points(_WIDE),
        "Look at the last line of the quotient-rule derivation in section 2: it is written in tanh(x) alone.",
        forbidden=("tanh_derivative", "cosh", "exp", "expm1")),
    "tanh-from-sigmoid": Exercise(
        "Write tanh(x) using only the sigmoid; right means within 1e-9 + 1e-6·|tanh(x)|.",
        activations.tanh, _points(_WIDE),
        "Compare the ranges: σ maps to (0, 1), tanh to (−1, 1), so rescale and shift the output. Then compare "
        "the slopes at 0 (1/4 and 1): after rescaling, the input still has to be scaled too.",
        forbidden=("tanh", "tanh_derivative", "exp", "expm1")),
    "tanh-derivative-from-sigmoid": Exercise(
        "Write tanh'(x) using only sigmoid_derivative; right means within 1e-9 + 1e-6·|tanh'(x)|.",
        activations.tanh_derivative, _points(_WIDE),
        "Differentiate 2σ(2x) − 1 as in section 2 (second route). A factor in front comes out by the "
        "constant-multiple rule; a factor inside the argument comes out by the chain rule. Count both.",
        forbidden=("tanh_derivative", "tanh", "cosh", "exp", "expm1")),
    "tanh-saturation-threshold": Exercise(
        "For each q in (0, 1] in the array, return the x ≥ 0 beyond which tanh'(x) < q; "
        "right means within 1e-12 + 1e-9·|x|.",
        lambda q: np.arctanh(np.sqrt(1.0 - q)), _points(np.linspace(0.05, 1.0, 20)),
        "tanh' decreases for x ≥ 0, so the threshold is where tanh'(x) = q. Write tanh' in terms of t = tanh(x) "
        "(section 2), solve for t ≥ 0, and then undo tanh (NumPy has its inverse).",
        rtol=1e-9, atol=1e-12, variable="q"),
    # --- exercises: 03-relu ---
    "relu-derivative": Exercise(
        "Write relu'(x) with the module's convention at 0 (0 there), using a comparison.",
        activations.relu_derivative, _points(_WIDE, [0.0, -0.0, 1e-300, -1e-300]),
        "Which comparison is True exactly where the slope is 1, and False at the kink itself? "
        "Then turn the True/False array into floats.",
        forbidden=("relu_derivative",)),
    "relu-from-abs": Exercise(
        "Write relu(x) using only np.abs, + and / (no max, no where, no comparison).",
        activations.relu, _points(_WIDE),
        "Work out x + |x| for one positive and one negative x, and compare each with relu(x).",
        forbidden=("relu", *_NO_MAX_WHERE_OR_COMPARISON)),
    "relu-dead-bias": Exercise(
        "For the unit relu(w0·x + b0) on the inputs x in [−2, 2] (lesson.DEAD_UNIT_X), return the largest "
        "starting bias b0 for which no input has a positive pre-activation (the unit is dead), for each w0 in "
        "the array (any sign). Answers within 1e-12 pass.",
        dead_bias_threshold, _points(np.linspace(-3.0, 3.0, 61)),
        "z = w0·x + b0 is a straight line in x, so its largest value on [−2, 2] sits at one end of the "
        "interval. Which end depends on the sign of w0; require that largest value to be at most 0.",
        rtol=0.0, atol=1e-12, variable="w0"),
    # --- exercises: 04-leaky-relu ---
    "leaky-relu-inverse": Exercise(
        "Leaky ReLU with alpha = 0.1 is one-to-one: write its inverse, the x with leaky_relu(x, 0.1) = y, "
        "as a function of y. Answers within a relative 1e-12 pass.",
        lambda y: np.where(y > 0, y, y / 0.1), _points(_WIDE, [0.0, -0.0, 1e-300, -1e-300]),
        "Each piece is a line through the origin; undo each one. The sign of y tells you which piece "
        "produced it.", rtol=1e-12, atol=0.0, variable="y"),
    "leaky-relu-from-relu": Exercise(
        "Write leaky_relu(x, alpha=0.2) using only act.relu (no where, no comparison).",
        lambda x: activations.leaky_relu(x, alpha=0.2), _points(_WIDE),
        "Split x into a positive part and a negative part. Which part does leaky ReLU change, and by how "
        "much? act.relu gives you the positive part; what does it give when you feed it −x?",
        forbidden=("leaky_relu", *_NO_MAX_WHERE_OR_COMPARISON)),
    "prelu-alpha-gradient": Exercise(
        "Write ∂f/∂α, the derivative of leaky_relu(x, alpha) with respect to alpha (PReLU's gradient).",
        lambda x: np.minimum(x, 0.0), _points(_WIDE, [0.0, -1e-300, 1e-300]),
        "Hold x fixed and differentiate each piece with respect to α (constant-multiple rule): which piece "
        "contains α at all?", rtol=1e-12, atol=0.0),
    "leaky-relu-max-form": Exercise(
        "max(x, αx) is leaky ReLU only for α ≤ 1. Write max(x, 2x) using act.leaky_relu and a constant "
        "factor (no max, no where, no comparison).",
        lambda x: np.maximum(x, 2.0 * x), _points(_WIDE),
        "Which of the two lines is larger for x > 0, and which for x < 0? Factor out the slope of the "
        "steeper one and look at the slopes that are left.", rtol=1e-12, atol=0.0,
        forbidden=_NO_MAX_WHERE_OR_COMPARISON),
    # --- exercises: 05-elu ---
    "elu-derivative-from-function": Exercise(
        "Write ELU's derivative for alpha = 2 using only elu(x, alpha=2) (no exp).",
        lambda x: activations.elu_derivative(x, alpha=2.0), _points(_WIDE),
        "Step 4 of the derivation writes the x ≤ 0 branch through f itself; for x > 0 the function is the "
        "identity. Which branch does the module use at x = 0?",
        forbidden=("elu_derivative", "exp", "expm1")),
    "elu-derivative-jump": Exercise(
        "Return the jump f′(0⁺) − f′(0⁻) of ELU's derivative at 0, for each alpha in the array.",
        lambda alpha: 1.0 - alpha, _points(np.linspace(0.1, 3.0, 30)),
        "Take the two one-sided limits of f′ at 0 (section 2 computes them with sympy) and subtract them in "
        "the order the prompt asks: right minus left.",
        rtol=1e-12, atol=1e-12, variable="alpha"),
    "elu-slope-threshold": Exercise(
        "Return the x at which ELU's slope f′(x) equals 0.1, for each alpha in the array (0.2 ≤ alpha ≤ 3).",
        lambda alpha: np.log(0.1 / alpha), _points(np.linspace(0.2, 3.0, 29)),
        "A slope of 0.1 is below 1, so it happens on the x ≤ 0 branch. Set that branch's derivative equal to "
        "0.1 and undo the exponential.", rtol=1e-9, atol=1e-12, variable="alpha"),
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
        "the common factor is the gate, not swish(x): compare your value at x = 0 with 1/2.",
        forbidden=("swish_derivative", "swish")),
    "swish-minimum": Exercise(
        "Return the x where swish(x, beta) is smallest, for each beta > 0 in the array.",
        swish_minimum_location, _points(np.linspace(0.25, 10.0, 40)),
        "How does swish(x, β) relate to swish(βx, 1)? Rescale what section 5 found for the SiLU, or "
        "solve f'(x) = 0 with brentq for each beta.",
        rtol=1e-9, atol=0.0, variable="beta"),
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
        "Write the exact GELU derivative f′(x) with NumPy, using scipy.special.ndtr for Φ(x).",
        activations.gelu_derivative, _points(_WIDE),
        "GELU is x times Φ(x): which rule does a product need? The derivative of a cumulative distribution "
        "function is its density, and section 1 writes out the standard normal density φ."),
    "gelu-reflection": Exercise(
        "Return f′(−x), GELU's slope at the mirror point −x, calling act.gelu_derivative at x only (not at −x).",
        lambda x: activations.gelu_derivative(-x), _points(_WIDE),
        "Start from Φ(−x) = 1 − Φ(x) and work out f(x) − f(−x). Then differentiate both sides; the chain rule "
        "puts a sign on the derivative of f(−x)."),
    "gelu-tanh": Exercise(
        "Write the tanh approximation of GELU at x (section 2's formula) with np.tanh.",
        lambda x: activations.gelu(x, approximate="tanh"), _points(_WIDE),
        "The tanh gate replaces Φ(x) in x·Φ(x). Check where the brackets go: √(2/π) multiplies the whole "
        "polynomial, and 0.044715 multiplies only the cubic term."),
    "gelu-tanh-derivative": Exercise(
        "Write the derivative at x of the tanh approximation, with np.tanh.",
        lambda x: activations.gelu_derivative(x, approximate="tanh"), _points(_WIDE),
        "Product rule first (x times the gate), then the chain rule twice: through tanh (lesson 2 gives "
        "tanh′ in terms of tanh) and through the polynomial inside it."),
    "gelu-sigmoid-derivative": Exercise(
        "Write the derivative of the sigmoid approximation x·σ(1.702x) using only act.sigmoid.",
        lambda x: activations.swish_derivative(x, beta=1.702), _points(_WIDE),
        "Product rule, then the chain rule through σ(kx) with k = 1.702: lesson 1 writes σ′ in terms of σ, "
        "and the inner factor k must appear.",
        forbidden=("swish_derivative", "gelu_derivative", "exp", "expm1")),
    # --- exercises: 08-softmax ---
    "softmax-jacobian": Exercise(
        "Return the Jacobians J = ∂s/∂x of n probability vectors at once: s is a NumPy array with one "
        "vector per row (shape (n, K)); the answer has shape (n, K, K) with entry [r, i, j] = ∂sᵢ/∂xⱼ of row r, "
        "right within 1e-12 + 1e-9·|Jᵢⱼ|.",
        activations.softmax_derivative, _SOFTMAX_JACOBIAN_LOGITS,
        "Build the two parts of the matrix form of section 2 for the whole batch: a batch of diagonal "
        "matrices (multiply np.eye(K) by s with a new axis), and a batch of outer products (give s a new "
        "axis in two different places, s[:, :, None] and s[:, None, :]).", rtol=1e-9, atol=1e-12,
        variable="s", arguments=jacobian_arguments, locate=locate_in_batch, cases="logit vectors"),
    "softmax-vjp": Exercise(
        "Return gᵀJ, the gradient ∂L/∂x for an upstream gradient g = ∂L/∂s, without building the K × K "
        "matrix J: s and g are NumPy arrays of shape (n, K), one example per row; the answer has shape "
        "(n, K), right within 1e-12 + 1e-9·|value|, and may use only a few vectors of K numbers of memory.",
        lambda points: softmax_vjp_reference(points[:, 0], points[:, 1]), _SOFTMAX_VJP_POINTS,
        "Write gᵀJ with J = diag(s) − s sᵀ and multiply out: gᵀdiag(s) is an element-wise product, and "
        "gᵀs is one number per row (sum over axis=-1 with keepdims=True).", rtol=1e-9, atol=1e-12,
        variable="s", arguments=vjp_arguments, locate=locate_in_batch, cases="logit vectors",
        resource_test=vjp_memory_test),
    "softmax-ce-gradient": Exercise(
        "Return ∂L/∂x₁ for L = −log s₁ (the true class is 1) and the logits (x, 0, 0), right within "
        "1e-9 + 1e-6·|value|.",
        lambda x: activations.softmax(activations.softmax_line(x, 3))[..., 0] - 1.0, _points(_WIDE),
        "Chain rule: ∂L/∂x₁ = Σᵢ (∂L/∂sᵢ)(∂sᵢ/∂x₁), and only one sᵢ appears in L; then use the diagonal "
        "entry of the Jacobian."),
    "softmax-temperature-peak": Exercise(
        "The logits are (x, 0, 0) divided by a temperature T, s = softmax((x, 0, 0)/T). Return the largest "
        "value that ∂s₁/∂x over all x can take, as a function of T, right within 1e-9 + 1e-6·|value|.",
        lambda t: 0.25 / t, _points(np.linspace(0.1, 5.0, 50)),
        "Chain rule through z = x/T gives a factor; then ask where s₁(1 − s₁) is largest and whether s₁ "
        "can reach that value for three logits.", variable="t"),
    "softmax-log-stable": Exercise(
        "Return log s₁ for the logits (x, 0, 0), for x from −1000 to 1000, with no NumPy warning and "
        "within 1e-15 + 1e-12·|log s₁| of the exact value (12 significant digits, and an absolute floor "
        "of 1e-15 where log s₁ is tiny: at x = 40 it is −8.5e−18).",
        log_first_probability, _points(_WIDE, [-1000.0, -800.0, -745.0, -40.0, 40.0, 745.0, 800.0, 1000.0]),
        "Take logs on paper first: log s₁ = x₁ − log Σⱼ exp(xⱼ). Then make every exponent ≤ 0 before "
        "exponentiating, as section 6 does for softmax itself.",
        rtol=1e-12, atol=1e-15, no_warnings=True),
    # --- exercises: 09-gradient-flow ---
    "gradient-flow-backward-step": Exercise(
        "Backpropagate through one tanh layer: return ∂L/∂z (a row of 8 numbers) for its pre-activations "
        "z (a NumPy array of 8 values), given W (8 × 6) and δ_next = ∂L/∂z_next (6 numbers) from "
        "lesson.backward_step_example(), with z_next = h W + b and h = tanh(z). Right means within 1e-6 "
        "(relative) at every point.",
        backward_step_reference, _points(np.random.default_rng(91).normal(0.0, 1.5, 8)),
        "Two chain rules, top down: first through z_next = h W + b (the shapes tell you which side W "
        "goes on and whether it is transposed: 6 numbers in, 8 out), then through h = tanh(z), which acts "
        "element by element, with its derivative taken at z.", variable="z"),
    "gradient-flow-he-std": Exercise(
        "Return the He standard deviation of the weights of a ReLU layer with fan_in inputs (fan_in is a "
        "NumPy array). Right means within 1e-6 (relative).",
        lambda fan_in: variance_preserving_std(fan_in, "relu"),
        _points(2.0 ** np.arange(11), [3.0, 5.0, 20.0, 100.0, 300.0]),
        "Start from Var(z) = fan_in · Var(W) · E[h²] and ask which fraction of E[z²] a ReLU passes on "
        "(section 4 integrates it). Then solve for Var(W), and remember the std is its square root.",
        variable="fan_in"),
    "gradient-flow-slope-bound": Exercise(
        "Return the largest fraction of a gradient that can pass through `depth` sigmoid layers "
        "whose weights are the identity (depth is a NumPy array of integers). Right means within 1e-12 "
        "(relative).",
        lambda depth: activations.sigmoid_derivative(0.0) ** depth, _points(np.arange(1.0, 31.0)),
        "Each layer multiplies by one σ′(z). Where is σ′ largest, and what is it there (lesson 1, or "
        "the registry's max_slope)?", rtol=1e-12, atol=0.0, variable="depth"),
    "gradient-flow-leaky-gain": Exercise(
        "Return the gain g (weight std = g/√fan_in) that keeps the forward second moment of a deep leaky "
        "ReLU network constant, as a function of the negative slope alpha (a NumPy array of values in "
        "[0, 3]). Right means within 1e-6 (relative) of the value the checker integrates numerically.",
        leaky_relu_gain, _points(np.linspace(0.0, 3.0, 13), [0.01, math.sqrt(5.0)]),
        "Need fan_in · Var(W) · E[f(Z)²] = 1 with Var(W) = g²/fan_in. Split E[f(Z)²] into the halves "
        "Z > 0 and Z < 0: what does each contribute for a standard normal Z, and how does alpha enter?",
        variable="alpha"),
}
