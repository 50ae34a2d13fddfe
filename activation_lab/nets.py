"""The small fully connected network of lesson 9: forward and backward passes with the module's
derivatives, a backpropagation check by central differences, and gradient norms per layer.
"""

from __future__ import annotations

import math

import numpy as np

import activations

from .checks import Verdict
from .style import format_number

GRADIENT_FLOW_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "gelu")
XAVIER_GAIN = 1.0              # std = sqrt(1/fan_in); Glorot's sqrt(2/(fan_in+fan_out)) for square layers
HE_GAIN = math.sqrt(2.0)       # std = sqrt(2/fan_in)


def random_network(sizes, gain: float = 1.0, seed: int = 0, bias_std: float = 0.0):
    r"""Weights and biases of a fully connected network, drawn from a seeded generator.

    Layer l maps ``sizes[l-1]`` units to ``sizes[l]`` units with weights
    :math:`W_l \sim N(0, \mathrm{std}_l^2)`, :math:`\mathrm{std}_l = g / \sqrt{\mathrm{fan\_in}}`:
    gain g = 1 is LeCun/Xavier (and Glorot's :math:`\sqrt{2/(\mathrm{fan\_in}+\mathrm{fan\_out})}`
    when fan_in = fan_out), g = √2 is He.  All weights are drawn first, layer by
    layer, so a deeper network of the same width starts with the same layers.

    Returns
    -------
    (weights, biases) : lists of arrays
        ``weights[l]`` has shape ``(sizes[l], sizes[l+1])`` (rows are inputs),
        ``biases[l]`` shape ``(sizes[l+1],)``.

    Examples
    --------
    >>> weights, biases = random_network([3, 4, 2], gain=HE_GAIN, seed=1)
    >>> [w.shape for w in weights], [b.shape for b in biases]
    ([(3, 4), (4, 2)], [(4,), (2,)])
    """
    rng = np.random.default_rng(seed)
    pairs = [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
    weights = [rng.standard_normal((fan_in, fan_out)) * (gain / math.sqrt(fan_in)) for fan_in, fan_out in pairs]
    biases = [rng.standard_normal(fan_out) * bias_std for _, fan_out in pairs]
    return weights, biases


def mlp_forward(x, weights, biases, name: str, **params):
    r"""Forward pass through layers :math:`z_l = h_{l-1} W_l + b_l,\ h_l = f(z_l)`, :math:`h_0 = x`.

    Every layer uses the activation ``name`` of the registry (with ``params``).
    Rows of ``x`` are examples.

    Returns
    -------
    (pre_activations, outputs) : lists of arrays
        ``pre_activations[l-1]`` is z_l, ``outputs[l]`` is h_l (``outputs[0]`` is x):
        what the backward pass needs.

    Examples
    --------
    >>> zs, hs = mlp_forward(np.array([[1.0, -2.0]]), [np.eye(2)], [np.zeros(2)], "relu")
    >>> zs[0], hs[1]
    (array([[ 1., -2.]]), array([[1., 0.]]))
    """
    entry = activations.ACTIVATIONS[name]
    pre_activations, outputs = [], [np.asarray(x, dtype=np.float64)]
    for weight, bias in zip(weights, biases, strict=True):
        z = outputs[-1] @ weight + bias
        pre_activations.append(z)
        outputs.append(entry.f(z, **params))
    return pre_activations, outputs


def mlp_backward(weights, pre_activations, outputs, output_gradient, name: str, **params):
    r"""Backpropagation: the gradients of a loss ℒ given :math:`\partial \mathcal{L} / \partial h_L`.

    With :math:`\delta_l = \partial \mathcal{L} / \partial z_l`:

    .. math:: \delta_L = \frac{\partial \mathcal{L}}{\partial h_L} \odot f'(z_L),\qquad
              \delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1}),\qquad
              \frac{\partial \mathcal{L}}{\partial W_l} = h_{l-1}^\top \delta_l,\quad
              \frac{\partial \mathcal{L}}{\partial b_l} = \textstyle\sum_{\text{examples}} \delta_l

    f' is the module's derivative (``entry.df``), so a wrong derivative in
    :mod:`activations` gives wrong gradients here.

    Returns
    -------
    (weight_gradients, bias_gradients, deltas) : lists of arrays, one per layer, first layer first.

    Examples
    --------
    >>> zs, hs = mlp_forward(np.array([[1.0, -2.0]]), [np.eye(2)], [np.zeros(2)], "relu")
    >>> dw, db, deltas = mlp_backward([np.eye(2)], zs, hs, np.array([[3.0, 3.0]]), "relu")
    >>> deltas[0]        # relu'(1) = 1, relu'(-2) = 0
    array([[3., 0.]])
    """
    entry = activations.ACTIVATIONS[name]
    weight_gradients, bias_gradients, deltas = [], [], []
    upstream = np.asarray(output_gradient, dtype=np.float64)        # dL/dh_l, from the top down
    for layer in reversed(range(len(weights))):
        delta = upstream * entry.df(pre_activations[layer], **params)
        deltas.append(delta)
        weight_gradients.append(outputs[layer].T @ delta)
        bias_gradients.append(delta.sum(axis=0))
        upstream = delta @ weights[layer].T
    return weight_gradients[::-1], bias_gradients[::-1], deltas[::-1]


def squared_error(outputs, targets):
    r"""Loss :math:`\mathcal{L} = \frac{1}{2B}\sum_b \lVert h_b - y_b \rVert^2` over a batch of B rows, and
    :math:`\partial \mathcal{L} / \partial h = (h - y)/B`."""
    residual = np.asarray(outputs, dtype=np.float64) - targets
    batch = residual.shape[0]
    return 0.5 * float(np.sum(residual * residual)) / batch, residual / batch


def backprop_check(name: str, sizes=(3, 5, 5, 2), batch: int = 4, seed: int = 7, step: float = 1e-5,
                   tolerance: float = 1e-6, **params) -> Verdict:
    r"""Compare :func:`mlp_backward` with central differences of the whole network's loss; print the verdict.

    A float64 network (``sizes``, gain 1, biases ~ N(0, 0.5²)) with a squared-error
    loss on a seeded batch.  Every weight and bias θ in turn is moved by ±``step``
    and :math:`\tilde g = (L(\theta+h) - L(\theta-h))/2h` is compared with the
    backward pass's g.  Passes when every
    :math:`|g - \tilde g| / \max(|g|, |\tilde g|, 10^{-3})` is below ``tolerance``
    (gradients below 10⁻³ are compared in absolute terms: there the difference
    quotient's rounding error, about ε·L/h, is not small relative to them).

    Examples
    --------
    >>> bool(backprop_check("tanh"))
    tanh: backward pass = central differences at all 62 weights and biases (max relative error < 1e-06): True
    True
    """
    rng = np.random.default_rng(seed)
    weights, biases = random_network(sizes, gain=1.0, seed=seed, bias_std=0.5)
    x = rng.standard_normal((batch, sizes[0]))
    targets = rng.standard_normal((batch, sizes[-1]))
    zs, hs = mlp_forward(x, weights, biases, name, **params)
    _, gradient = squared_error(hs[-1], targets)
    weight_gradients, bias_gradients, _ = mlp_backward(weights, zs, hs, gradient, name, **params)
    worst, worst_at, count = 0.0, None, 0
    for which, (array, analytic) in enumerate(zip([*weights, *biases], [*weight_gradients, *bias_gradients],
                                                  strict=True)):
        for index in np.ndindex(array.shape):
            original = array[index]
            losses = []
            for sign in (1.0, -1.0):
                array[index] = original + sign * step
                losses.append(squared_error(mlp_forward(x, weights, biases, name, **params)[1][-1], targets)[0])
            array[index] = original
            numeric = (losses[0] - losses[1]) / (2.0 * step)
            exact = float(analytic[index])
            error = abs(exact - numeric) / max(abs(exact), abs(numeric), 1e-3)
            count += 1
            if error > worst:
                worst, worst_at = error, (which, index, exact, numeric)
    passed = worst < tolerance
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    label = f"{name}({shown})" if shown else name
    line = (f"{label}: backward pass = central differences at all {count} weights and biases "
            f"(max relative error < {tolerance:.0e}): {passed}")
    if not passed:
        which, index, exact, numeric = worst_at
        kind, layer = ("W", which + 1) if which < len(weights) else ("b", which - len(weights) + 1)
        line += (f" (worst: {kind}{layer}{list(map(int, index))}: backward {format_number(exact)}, "
                 f"central difference {format_number(numeric)})")
    if activations.ACTIVATIONS[name].properties.kink and min(float(np.min(np.abs(z))) for z in zs) < 1e-3:
        line += " [a pre-activation lies within 1e-3 of the kink: the difference quotient is not a derivative there]"
    print(line)
    return Verdict(passed, worst)


def gradient_norms(name: str, depth: int, width: int, gain: float, batch: int = 64, seed: int = 0,
                   **params) -> np.ndarray:
    r"""Norm of the gradient reaching each layer of a random deep network, :math:`\lVert\delta_l\rVert`.

    A stack of ``depth`` square layers of ``width`` units (zero biases, weights
    from :func:`random_network` with ``gain``), a batch of standard-normal inputs,
    and the loss :math:`\mathcal{L} = \frac{1}{B}\sum_b u \cdot h_{L,b}` for a fixed random
    vector u, so the same gradient enters the top of every network.  Returns
    :math:`\lVert \partial \mathcal{L} / \partial z_l \rVert` (Frobenius norm over the
    batch) for l = 1 (nearest the input) to ``depth``; it is also the norm of the
    bias gradient's per-example terms.

    Examples
    --------
    >>> norms = gradient_norms("sigmoid", depth=20, width=64, gain=XAVIER_GAIN)
    >>> bool(norms[0] < 1e-6 * norms[-1])        # vanished
    True
    >>> norms = gradient_norms("relu", depth=20, width=64, gain=HE_GAIN)
    >>> bool(0.1 < norms[0] / norms[-1] < 10)     # alive
    True
    """
    return layer_gradient_norms(name, deep_network(depth, width, gain, batch, seed), **params)


def deep_network(depth: int, width: int, gain: float, batch: int, seed: int):
    """Inputs, weights, biases and the gradient fed in at the top, for :func:`gradient_norms`."""
    data = np.random.default_rng([seed, 1])
    x = data.standard_normal((batch, width))
    readout = data.standard_normal(width)
    weights, biases = random_network([width] * (depth + 1), gain=gain, seed=seed)
    return x, weights, biases, np.tile(readout / batch, (batch, 1))


def layer_gradient_norms(name: str, network, **params) -> np.ndarray:
    x, weights, biases, top = network
    zs, hs = mlp_forward(x, weights, biases, name, **params)
    _, _, deltas = mlp_backward(weights, zs, hs, top, name, **params)
    return np.array([np.linalg.norm(delta) for delta in deltas])


def layer_second_moments(name: str, network, **params) -> np.ndarray:
    r"""Forward second moment of each layer's output, :math:`\overline{h_l^2}` (mean over batch and units).

    The forward twin of :func:`layer_gradient_norms` on the same ``network``:
    it shows whether the signal itself shrinks or grows from layer to layer
    (the inputs have second moment ≈ 1).

    Examples
    --------
    >>> moments = layer_second_moments("swish", deep_network(20, 64, HE_GAIN, 64, 0))
    >>> bool(moments[-1] < 1e-3 * moments[0])        # swish's signal fades under He's scale
    True
    """
    x, weights, biases, _ = network
    _, hs = mlp_forward(x, weights, biases, name, **params)
    return np.array([float(np.mean(h * h)) for h in hs[1:]])


def regression_task(inputs: int = 4, batch: int = 128, seed: int = 0):
    r"""A seeded regression batch: standard-normal x and targets :math:`y = \sin(2x_1)\,x_2 + x_3/2`."""
    data = np.random.default_rng([seed, 2])
    x = data.standard_normal((batch, inputs))
    return x, np.sin(2.0 * x[:, :1]) * x[:, 1:2] + 0.5 * x[:, 2:3]


def train_mlp(name: str, depth: int = 10, width: int = 16, gain: float = HE_GAIN, steps: int = 400,
              learning_rate: float = 0.02, seed: int = 0, **params) -> np.ndarray:
    r"""Full-batch gradient descent on :func:`regression_task`; returns the loss before each step.

    ``depth`` hidden layers of ``width`` units with the activation ``name``
    (weights from :func:`random_network` with ``gain``, so every activation
    starts from the same weights), a linear read-out :math:`\hat y = h_L v + c`
    and the squared-error loss.  Each step moves every parameter θ to
    :math:`\theta - \eta\,\partial\mathcal{L}/\partial\theta`, with the gradients
    from :func:`mlp_backward`.

    Examples
    --------
    >>> losses = train_mlp("relu", depth=4, steps=50)
    >>> bool(losses[-1] < 0.5 * losses[0])
    True
    """
    x, targets = regression_task(seed=seed)
    weights, biases = random_network([x.shape[1]] + [width] * depth, gain=gain, seed=seed)
    readout = np.random.default_rng([seed, 3]).standard_normal((width, 1)) / math.sqrt(width)
    readout_bias = np.zeros(1)
    losses = np.empty(steps)
    for step in range(steps):
        zs, hs = mlp_forward(x, weights, biases, name, **params)
        losses[step], prediction_gradient = squared_error(hs[-1] @ readout + readout_bias, targets)
        weight_gradients, bias_gradients, _ = mlp_backward(weights, zs, hs, prediction_gradient @ readout.T,
                                                           name, **params)
        for parameter, gradient in zip([*weights, *biases, readout, readout_bias],
                                       [*weight_gradients, *bias_gradients, hs[-1].T @ prediction_gradient,
                                        prediction_gradient.sum(axis=0)], strict=True):
            parameter -= learning_rate * gradient
    return losses


def forward_second_moments(name: str, depth: int, width: int, gain: float, batch: int = 64, seed: int = 0,
                           **params) -> np.ndarray:
    r"""Mean of :math:`h_l^2` at each layer of the network of :func:`gradient_norms` (the same weights and batch).

    Examples
    --------
    >>> moments = forward_second_moments("relu", depth=20, width=64, gain=XAVIER_GAIN)
    >>> bool(moments[-1] < 1e-3 * moments[0])        # Xavier's scale halves a ReLU signal's E[h²] per layer
    True
    """
    return layer_second_moments(name, deep_network(depth, width, gain, batch, seed), **params)
