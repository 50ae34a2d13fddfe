r"""Neural-network activation functions and their derivatives, computed carefully.

Every function here follows the contract in ``docs/contract.md``:

* ``x`` is anything :func:`numpy.asarray` turns into real numbers; the result
  has the same shape, and a scalar in gives a NumPy scalar out.
* float16/float32/float64 keep their dtype; bool and integer input gives
  float64.  Internally everything is computed in float64 and rounded once.
* NaN gives NaN, ±inf gives the mathematical limit, and no input raises a
  NumPy ``RuntimeWarning``.
* Results are accurate to a few units in the last place over the whole float
  range, including the tails where the textbook formula underflows, overflows
  or cancels.  Each docstring's *Notes* says where the code differs from the
  textbook formula and why.
* At a kink (x = 0) a piecewise derivative takes its x <= 0 branch, as
  PyTorch's autograd does.

The :data:`ACTIVATIONS` registry pairs each function with its derivative,
parameters (defaults and slider ranges), LaTeX and properties; lessons, the
overview table, the explorer and the tests are all driven from it.

Importing this module is cheap: it imports NumPy and ``scipy.special`` only,
prints nothing and changes no global state.
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np
from scipy import special

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Interval",
    "Parameter",
    "Properties",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "softmax_derivative",
    "softmax_line",
    "swish",
    "swish_derivative",
    "tanh",
    "tanh_derivative",
]

_SUPPORTED_FLOATS = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
_GELU_TANH_SCALE = math.sqrt(2.0 / math.pi)   # sqrt(2/pi), from matching the slope at 0
_GELU_TANH_CUBIC = 0.044715                   # from matching the curvature of Phi
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_GATE_SATURATION = 1000.0   # beyond |z| = 1000, sigmoid(z) is exactly 0 or 1 in float64
_RESCUE_SHIFT = 600.0       # see _exp_times
_FLOAT64_MAX = np.finfo(np.float64).max


# ---------------------------------------------------------------------------
# Input checking and the element-wise wrapper
# ---------------------------------------------------------------------------

def _as_real_array(x, func_name: str) -> np.ndarray:
    """Return ``x`` as a real ndarray, or raise a TypeError naming ``func_name``."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{func_name}: x must be real numbers, got {type(x).__name__} {x!r}")
    try:
        array = np.asarray(x)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{func_name}: x must be real numbers in a regular (non-ragged) shape; "
            f"NumPy could not convert the {type(x).__name__} ({error})"
        ) from None
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    if array.dtype in _SUPPORTED_FLOATS:
        return array
    raise TypeError(
        f"{func_name}: x must hold real numbers (bool, integer, float16, float32 or "
        f"float64), got an array of dtype {array.dtype}"
    )


def _real_parameter(value, name: str, func_name: str, *, positive: bool = False) -> float:
    """Validate a scalar real parameter such as alpha or beta and return it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func_name}: {name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{func_name}: {name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{func_name}: {name} must be > 0, got {value}")
    return value


def _approximate_choice(value, func_name: str) -> str:
    if value not in ("none", "tanh"):
        raise ValueError(
            f"{func_name}: approximate must be 'none' (exact, erf) or 'tanh', got {value!r}"
        )
    return value


def _elementwise(compute):
    """Wrap a float64 kernel with the contract's input and output rules.

    The kernel receives a float64 array and validated parameters.  Overflow to
    ±inf inside the kernel is intended (the kernels are written so that an
    infinite intermediate gives the right limit), so only that flag is
    silenced; an invalid operation would still warn and fail the tests.
    """
    @functools.wraps(compute)
    def wrapper(x, *args, **kwargs):
        array = _as_real_array(x, compute.__name__)
        with np.errstate(over="ignore"):
            result = np.asarray(compute(array.astype(np.float64), *args, **kwargs))
            result = result.astype(array.dtype, copy=False)
        return result[()] if result.ndim == 0 else result
    return wrapper


# ---------------------------------------------------------------------------
# Numerical building blocks (float64 arrays in, float64 arrays out)
# ---------------------------------------------------------------------------

def _keep_nan(x: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Return ``values`` with NaN wherever ``x`` is NaN."""
    return np.where(np.isnan(x), x, values)


def _finite(x: np.ndarray) -> np.ndarray:
    """``x`` with ±inf replaced by ±(largest float64), NaN kept."""
    return np.clip(x, -_FLOAT64_MAX, _FLOAT64_MAX)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1/(1+e^-z) computed through e^-|z| <= 1, which never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _exp_times(z: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """``factor * exp(z)`` that stays accurate when exp(z) alone would be subnormal.

    For z < -600 the exponent is split as exp(z + 600) * exp(-600); the
    addition is exact (Sterbenz) for z in [-1200, -300], and each factor is a
    normal number, so the only lossy rounding is the final one.
    """
    shift = np.where(z < -_RESCUE_SHIFT, _RESCUE_SHIFT, 0.0)
    return (factor * np.exp(z + shift)) * np.exp(-shift)


def _times_sigmoid(factor: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``factor * sigmoid(z)`` without losing digits where sigmoid(z) is subnormal.

    Below z = -600, sigmoid(z) equals exp(z) to double precision, so the
    product is taken as ``_exp_times``.  Below z = -1200 that split is no
    longer exact and the product (0 unless |factor| is astronomically larger
    than |z|) is taken through logarithms.
    """
    deep = np.where(z < -_RESCUE_SHIFT, z, -_RESCUE_SHIFT)
    rescued = _exp_times(np.maximum(deep, -2.0 * _RESCUE_SHIFT), factor)
    log_size = np.log(np.maximum(np.abs(factor), np.finfo(np.float64).tiny))
    far = np.copysign(np.exp(np.minimum(deep + log_size, 0.0)), factor)
    return np.where(z >= -_RESCUE_SHIFT, factor * _sigmoid(z),
                    np.where(deep >= -2.0 * _RESCUE_SHIFT, rescued, far))


def _sigmoid_gate_derivative(z: np.ndarray, dz_dx: np.ndarray) -> np.ndarray:
    """d/dx of ``x * sigmoid(z(x))`` = sigmoid(z) * (1 + x z'(x) sigmoid(-z)).

    ``dz_dx`` is x z'(x); z and x z' must already be clipped to finite values.
    The product-rule form adds two positive terms where the textbook form
    sigmoid(z) + x z' sigmoid(z)(1 - sigmoid(z)) would cancel in 1 - sigmoid.
    """
    deep_tail = z < -_RESCUE_SHIFT
    bracket = 1.0 + dz_dx * _sigmoid(-z)
    return np.where(deep_tail, _exp_times(np.where(deep_tail, z, 0.0), bracket),
                    _sigmoid(z) * bracket)


def _exp_neg_half_square(x: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """``factor * exp(-x**2 / 2)`` for |x| <= 50, with x**2 carried in double-double.

    fl(x*x) has a relative error of up to 2**-53, which exp(-x²/2) would
    amplify by x²/2 (about 1e-13 relative at x = 38).  Veltkamp's split gives
    the exact rounding error ``low`` of x*x, and exp(-low/2) = 1 - low/2 to
    double precision.
    """
    high = x * x
    split = 134217729.0 * x          # 2**27 + 1
    x_big = split - (split - x)
    x_small = x - x_big
    low = ((x_big * x_big - high) + 2.0 * x_big * x_small) + x_small * x_small
    return _exp_times(-0.5 * high, factor * (1.0 - 0.5 * low))


# ---------------------------------------------------------------------------
# Sigmoid and tanh
# ---------------------------------------------------------------------------

@_elementwise
def sigmoid(x):
    r"""Logistic sigmoid.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Parameters
    ----------
    x : array_like
        Real input of any shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in [0, 1], same shape and float dtype as ``x``.

    Notes
    -----
    The textbook form overflows in ``exp(-x)`` for x < -709.78.  The code uses
    e = exp(-|x|) <= 1 and returns 1/(1+e) for x >= 0 and e/(1+e) for x < 0,
    so sigmoid(-700) is 9.86e-305, not a warning followed by 0.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(-700.0))
    9.85967654375977e-305
    """
    return _sigmoid(x)


@_elementwise
def sigmoid_derivative(x):
    r"""Derivative of the logistic sigmoid.

    .. math:: \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) = \sigma(x)\,\sigma(-x)

    Parameters
    ----------
    x : array_like
        Real input of any shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in [0, 1/4], largest at x = 0.

    Notes
    -----
    σ(1 − σ) is exactly 0 from x ≈ 37 on, because σ(x) rounds to 1 while the
    true derivative is still about 1e-16.  The code uses the symmetric form
    e/(1+e)² with e = exp(-|x|), which has no subtraction.

    Examples
    --------
    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> float(sigmoid_derivative(40.0))
    4.248354255291589e-18
    """
    e = np.exp(-np.abs(x))
    return e / ((1.0 + e) * (1.0 + e))


@_elementwise
def tanh(x):
    r"""Hyperbolic tangent.

    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1

    Parameters
    ----------
    x : array_like
        Real input of any shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in [-1, 1].

    Notes
    -----
    Delegates to :func:`numpy.tanh`, which is accurate everywhere; the
    exponential form would overflow for |x| > 355.

    Examples
    --------
    >>> float(tanh(0.5))
    0.46211715726000974
    """
    return np.tanh(x)


@_elementwise
def tanh_derivative(x):
    r"""Derivative of the hyperbolic tangent.

    .. math:: \tanh'(x) = 1 - \tanh^2(x) = \operatorname{sech}^2(x)
              = \frac{4e^{-2|x|}}{(1 + e^{-2|x|})^2}

    Parameters
    ----------
    x : array_like
        Real input of any shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in [0, 1], largest at x = 0.

    Notes
    -----
    1 − tanh² is exactly 0 from |x| ≈ 19 on (tanh rounds to ±1).  The last
    form above has no subtraction and is accurate for every x; it equals
    4σ'(2x).

    Examples
    --------
    >>> float(tanh_derivative(0.0))
    1.0
    >>> float(tanh_derivative(30.0))
    3.502604305078608e-26
    """
    e = np.exp(-2.0 * np.abs(x))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


# ---------------------------------------------------------------------------
# ReLU family
# ---------------------------------------------------------------------------

@_elementwise
def relu(x):
    r"""Rectified linear unit.

    .. math:: \operatorname{relu}(x) = \max(x, 0)

    Parameters
    ----------
    x : array_like
        Real input of any shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in [0, inf).

    Notes
    -----
    Uses :func:`numpy.maximum`, which propagates NaN; the common
    ``np.where(x > 0, x, 0)`` silently turns NaN into 0.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return np.maximum(x, 0.0)


@_elementwise
def relu_derivative(x):
    r"""Derivative of ReLU, with the x <= 0 branch at the kink.

    .. math:: \operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    Parameters
    ----------
    x : array_like
        Real input of any shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        0 or 1 (NaN for NaN).

    Notes
    -----
    The derivative does not exist at 0; any value in [0, 1] is a
    subgradient.  Like PyTorch's autograd, this returns 0 there.

    Examples
    --------
    >>> relu_derivative([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """
    return np.heaviside(x, 0.0)


@_elementwise
def leaky_relu(x, alpha=0.01):
    r"""Leaky ReLU: slope 1 for x > 0 and slope ``alpha`` for x <= 0.

    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    alpha : float, default 0.01
        Finite slope for x <= 0; 0 gives ReLU, 1 the identity.  (PReLU learns
        it.)

    Returns
    -------
    numpy.ndarray or numpy scalar

    Notes
    -----
    With alpha = 0 the product alpha·(−inf) would be NaN, so that case is
    computed as ReLU.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])
    """
    alpha = _real_parameter(alpha, "alpha", "leaky_relu")
    if alpha == 0.0:
        return np.maximum(x, 0.0)
    return np.where(x > 0, x, alpha * x)


@_elementwise
def leaky_relu_derivative(x, alpha=0.01):
    r"""Derivative of leaky ReLU, with the x <= 0 branch at the kink.

    .. math:: f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    alpha : float, default 0.01
        Finite slope for x <= 0.

    Returns
    -------
    numpy.ndarray or numpy scalar
        1 or alpha (NaN for NaN); alpha at x = 0.

    Examples
    --------
    >>> leaky_relu_derivative([-1.0, 0.0, 1.0], alpha=0.2)
    array([0.2, 0.2, 1. ])
    """
    alpha = _real_parameter(alpha, "alpha", "leaky_relu_derivative")
    return _keep_nan(x, np.where(x > 0, 1.0, alpha))


@_elementwise
def elu(x, alpha=1.0):
    r"""Exponential linear unit.

    .. math:: f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    alpha : float, default 1.0
        Saturation level: f(x) → −alpha as x → −inf.  Must be > 0.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in (−alpha, inf).

    Notes
    -----
    Uses ``expm1``, which keeps full relative precision for small |x| where
    ``exp(x) - 1`` cancels, and applies it only to min(x, 0) so that large
    positive x never overflows in the unused branch.

    Examples
    --------
    >>> float(elu(-1e-10))
    -9.999999999500001e-11
    """
    alpha = _real_parameter(alpha, "alpha", "elu", positive=True)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


@_elementwise
def elu_derivative(x, alpha=1.0):
    r"""Derivative of ELU, with the x <= 0 branch at the kink.

    .. math:: f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} = f(x) + \alpha & x \le 0 \end{cases}

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    alpha : float, default 1.0
        Saturation level, > 0.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Values in (0, max(1, alpha)]; alpha at x = 0.

    Notes
    -----
    The identity f'(x) = f(x) + alpha is how the derivative is usually
    derived, but for very negative x it subtracts nearly equal numbers
    (−alpha + tiny + alpha).  The code computes alpha·exp(x) directly.

    Examples
    --------
    >>> float(elu_derivative(0.0, alpha=2.0))
    2.0
    >>> float(elu_derivative(-40.0))
    4.248354255291589e-18
    """
    alpha = _real_parameter(alpha, "alpha", "elu_derivative", positive=True)
    negative = np.minimum(x, 0.0)
    return np.where(x > 0, 1.0, _exp_times(negative, np.full_like(x, alpha)))


# ---------------------------------------------------------------------------
# Swish / SiLU and GELU
# ---------------------------------------------------------------------------

def _swish_argument(x: np.ndarray, beta: float) -> np.ndarray:
    """β·x clipped to where the derivative's gate saturates (±inf and overflow included)."""
    return np.clip(beta * _finite(x), -_GATE_SATURATION, _GATE_SATURATION)


@_elementwise
def swish(x, beta=1.0):
    r"""Swish, x·σ(βx); beta = 1 is SiLU.

    .. math:: f(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    beta : float, default 1.0
        Finite gate sharpness: 0 gives x/2, large beta approaches ReLU.

    Returns
    -------
    numpy.ndarray or numpy scalar

    Notes
    -----
    Computed as x times a stable sigmoid, never as x/(1 + exp(-βx)), which
    overflows for βx < -709.78.  Where σ(βx) would be subnormal the product is
    rescaled so it keeps its digits; x = ±inf gives the limit (0 on the
    side where the gate closes).

    Examples
    --------
    >>> float(swish(1.0))
    0.7310585786300049
    >>> float(swish(2.0, beta=0.0))
    1.0
    """
    beta = _real_parameter(beta, "beta", "swish")
    values = _times_sigmoid(_finite(x), beta * _finite(x))
    return np.where(np.isinf(x) & (values != 0), x, values)


@_elementwise
def swish_derivative(x, beta=1.0):
    r"""Derivative of swish with respect to x.

    .. math:: f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,(1 - \sigma(\beta x))
              = \sigma(\beta x)\,\bigl(1 + \beta x\,\sigma(-\beta x)\bigr)

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    beta : float, default 1.0
        Finite gate sharpness.

    Returns
    -------
    numpy.ndarray or numpy scalar

    Notes
    -----
    The factored form avoids 1 − σ(βx) (which is 0 for βx > 37) and the
    common slip of writing swish(x) where σ(βx) belongs.

    Examples
    --------
    >>> float(swish_derivative(0.0))
    0.5
    """
    beta = _real_parameter(beta, "beta", "swish_derivative")
    z = _swish_argument(x, beta)
    return _sigmoid_gate_derivative(z, z)


def _gelu_tanh_argument(x: np.ndarray):
    """Return (2u, x·d(2u)/dx) for u = sqrt(2/pi)(x + 0.044715x³), x clipped to ±100."""
    x = np.clip(x, -100.0, 100.0)    # beyond, the gate sigmoid(2u) is exactly 0 or 1
    two_u = 2.0 * _GELU_TANH_SCALE * x * (1.0 + _GELU_TANH_CUBIC * x * x)
    x_two_u_prime = 2.0 * _GELU_TANH_SCALE * x * (1.0 + 3.0 * _GELU_TANH_CUBIC * x * x)
    return two_u, x_two_u_prime


def _gelu_exact(x: np.ndarray) -> np.ndarray:
    positive = np.maximum(x, 0.0)
    negative = np.clip(x, -50.0, 0.0)
    # For x < 0, Phi(x) = erfcx(-x/sqrt2) exp(-x²/2) / 2: no underflow before the end.
    tail = _exp_neg_half_square(negative, 0.5 * negative * special.erfcx(-negative * _INV_SQRT2))
    return np.where(x >= 0, positive * special.ndtr(positive), tail)


def _gelu_exact_derivative(x: np.ndarray) -> np.ndarray:
    positive = np.maximum(x, 0.0)
    negative = np.clip(x, -50.0, 0.0)
    shoulder = np.minimum(positive, 50.0)    # x·φ(x) is exactly 0 beyond 50
    right = special.ndtr(positive) + _exp_neg_half_square(shoulder, shoulder * _INV_SQRT_2PI)
    left_bracket = 0.5 * special.erfcx(-negative * _INV_SQRT2) + negative * _INV_SQRT_2PI
    return np.where(x >= 0, right, _exp_neg_half_square(negative, left_bracket))


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    two_u, _ = _gelu_tanh_argument(x)
    finite_x = np.clip(x, -100.0, np.inf)     # the gate is 0 below -100
    return np.where(x > 100.0, x, _times_sigmoid(finite_x, two_u))


def _gelu_tanh_derivative(x: np.ndarray) -> np.ndarray:
    two_u, x_two_u_prime = _gelu_tanh_argument(x)
    return _sigmoid_gate_derivative(two_u, x_two_u_prime)


@_elementwise
def gelu(x, approximate="none"):
    r"""Gaussian error linear unit.

    .. math:: f(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\frac{x}{\sqrt 2}\Bigr)

    With ``approximate="tanh"``:

    .. math:: f(x) = \frac{x}{2}\bigl(1 + \tanh u\bigr) = x\,\sigma(2u),\quad
              u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    approximate : {"none", "tanh"}, default "none"
        ``"none"`` is the exact erf form, ``"tanh"`` the approximation in
        GPT-2's released code and in Google's BERT code since February 2019
        (BERT's first release, and Hugging Face's ``"gelu"``, use the exact
        form; sources in lesson 7).

    Returns
    -------
    numpy.ndarray or numpy scalar

    Notes
    -----
    ``1 + erf(x/√2)`` is exactly 0 below x ≈ −8.3 although gelu(−30) is
    about −1.5e-196.  The code uses Φ(x) = erfcx(−x/√2)·e^{−x²/2}/2 for x < 0,
    with x² carried to double-double precision so the tail is right to the
    last digit.  The tanh form is computed as x·σ(2u), using
    1 + tanh(u) = 2σ(2u), which neither overflows nor cancels.

    Examples
    --------
    >>> float(gelu(1.0))
    0.8413447460685429
    >>> float(gelu(-30.0))
    -1.4720141781444565e-196
    """
    approximate = _approximate_choice(approximate, "gelu")
    return _gelu_exact(x) if approximate == "none" else _gelu_tanh(x)


@_elementwise
def gelu_derivative(x, approximate="none"):
    r"""Derivative of GELU with respect to x.

    .. math:: f'(x) = \Phi(x) + x\,\varphi(x),\qquad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}

    With ``approximate="tanh"``, u as in :func:`gelu`:

    .. math:: f'(x) = \sigma(2u)\bigl(1 + 2x\,u'(x)\,\sigma(-2u)\bigr),\quad
              u'(x) = \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,x^2)

    Parameters
    ----------
    x : array_like
        Real input of any shape.
    approximate : {"none", "tanh"}, default "none"

    Returns
    -------
    numpy.ndarray or numpy scalar

    Notes
    -----
    For x < 0 the exact form is evaluated as e^{−x²/2}(erfcx(−x/√2)/2 + x/√(2π)),
    so neither term underflows before the other.

    Examples
    --------
    >>> float(gelu_derivative(0.0))
    0.5
    """
    approximate = _approximate_choice(approximate, "gelu_derivative")
    if approximate == "none":
        return _gelu_exact_derivative(x)
    return _gelu_tanh_derivative(x)


# ---------------------------------------------------------------------------
# Softmax
# ---------------------------------------------------------------------------

def _softmax_input(x, func_name: str) -> np.ndarray:
    array = _as_real_array(x, func_name)
    if array.ndim == 0:
        raise ValueError(f"{func_name}: x must have at least one axis of logits, got a scalar")
    return array


def _shifted_exponentials(x: np.ndarray, axis: int):
    """Return (e, total, undefined) for e = exp(x - max) along ``axis``.

    Rows that contain +inf get the limit (equal weight on the +inf entries);
    rows that are all −inf have no limit and are flagged ``undefined``.
    """
    is_pos_inf = np.isposinf(x)
    has_pos_inf = np.any(is_pos_inf, axis=axis, keepdims=True)
    row_max = np.max(x, axis=axis, keepdims=True)
    safe_max = np.where(np.isfinite(row_max), row_max, 0.0)
    shifted = np.where(has_pos_inf, np.where(is_pos_inf, 0.0, -np.inf), x - safe_max)
    e = np.exp(shifted)
    total = np.sum(e, axis=axis, keepdims=True)
    undefined = np.isneginf(row_max)
    return e, np.where(undefined, 1.0, total), undefined


def softmax(x, axis=-1):
    r"""Softmax along one axis: probabilities proportional to exp(x).

    .. math:: s_i = \frac{e^{x_i}}{\sum_j e^{x_j}} = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}},\quad
              m = \max_j x_j

    Parameters
    ----------
    x : array_like
        Real logits with at least one axis.
    axis : int, default -1
        Axis along which the probabilities sum to 1.

    Returns
    -------
    numpy.ndarray
        Same shape and float dtype as ``x``.

    Notes
    -----
    Shifting by the maximum changes nothing mathematically (softmax is
    shift-invariant) but keeps every exponent <= 0, so nothing overflows and
    the denominator is at least 1.  The maximum is taken along ``axis`` with
    ``keepdims`` so each row of a batch gets its own shift.  A row with +inf
    entries gives them equal shares; a row of only −inf has no limit and
    gives NaN.

    Examples
    --------
    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    >>> softmax([[0.0, 0.0], [0.0, np.log(3.0)]]).round(3)
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    array = _softmax_input(x, "softmax")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"softmax: axis must be an integer, got {axis!r}")
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(f"softmax: axis {axis} is out of range for x with {array.ndim} dimension(s)")
    if array.size == 0:
        return array.astype(array.dtype, copy=True)
    e, total, undefined = _shifted_exponentials(array.astype(np.float64), axis)
    probabilities = np.where(undefined, np.nan, e / total)
    return probabilities.astype(array.dtype, copy=False)


def softmax_derivative(x):
    r"""Jacobian of softmax over the last axis.

    .. math:: J_{ij} = \frac{\partial s_i}{\partial x_j} = s_i(\delta_{ij} - s_j),\qquad
              J = \operatorname{diag}(s) - s s^\top

    Parameters
    ----------
    x : array_like
        Real logits of shape ``(..., K)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., K, K)``, same float dtype as ``x``.  Symmetric, rows sum
        to 0.

    Notes
    -----
    The diagonal s_i(1 − s_i) cancels when one logit dominates (s_i rounds
    to 1).  The code uses 1 − s_i = Σ_{j≠i} e_j / Σ_j e_j, a sum of positive
    terms, so the diagonal is accurate however large the gap.

    Examples
    --------
    >>> softmax_derivative([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    >>> float(softmax_derivative([50.0, 0.0])[0, 0])
    1.9287498479639178e-22
    """
    array = _softmax_input(x, "softmax_derivative")
    size = array.shape[-1]
    if array.size == 0:
        return np.zeros((*array.shape, size), dtype=array.dtype)
    e, total, undefined = _shifted_exponentials(array.astype(np.float64), -1)
    s = e / total
    off_diagonal = np.eye(size) == 0
    others = np.sum(np.where(off_diagonal, e[..., None, :], 0.0), axis=-1)
    diagonal = s * (others / total)
    jacobian = -s[..., :, None] * s[..., None, :]
    jacobian[..., np.arange(size), np.arange(size)] = diagonal
    jacobian = np.where(undefined[..., None], np.nan, jacobian)
    return jacobian.astype(array.dtype, copy=False)


def softmax_line(x, classes=3) -> np.ndarray:
    """Logit vectors (x, 0, ..., 0) with ``classes`` entries, one per value of ``x``.

    The line along which the lessons view softmax as a curve: only the first logit moves.

    Examples
    --------
    >>> softmax_line([1.0, 2.0], classes=3)
    array([[1., 0., 0.],
           [2., 0., 0.]])
    """
    logits = _as_real_array(x, "softmax curve")
    others = np.zeros((*logits.shape, int(classes) - 1), dtype=logits.dtype)
    return np.concatenate([logits[..., None], others], axis=-1)


def _softmax_curve(x, classes=3):
    """s_1 of the logits (x, 0, ..., 0): softmax seen along one logit."""
    return softmax(softmax_line(x, classes))[..., 0]


def _softmax_curve_derivative(x, classes=3):
    """∂s_1/∂x_1 = s_1(1 - s_1) along the same line."""
    return softmax_derivative(softmax_line(x, classes))[..., 0, 0]


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Parameter:
    """A parameter of an activation, with what a slider needs to show it.

    ``options`` is set for a choice (such as GELU's ``approximate``); otherwise
    the parameter is a float with ``minimum``, ``maximum`` and ``step``.
    """

    name: str
    default: float | str
    description: str
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.options)


@dataclass(frozen=True)
class Interval:
    """A real interval such as (0, 1) or [-1, inf), with membership tests."""

    low: float
    high: float
    closed_low: bool = False
    closed_high: bool = False

    def contains(self, values) -> np.ndarray:
        values = np.asarray(values, dtype=np.float64)
        above = values >= self.low if self.closed_low else values > self.low
        below = values <= self.high if self.closed_high else values < self.high
        return above & below

    def __str__(self) -> str:
        def end(value):
            return {math.inf: "∞", -math.inf: "−∞"}.get(value, f"{value:g}".replace("-", "−"))
        return (("[" if self.closed_low else "(") + end(self.low) + ", "
                + end(self.high) + ("]" if self.closed_high else ")"))


@dataclass(frozen=True)
class Properties:
    """Facts about an activation at one set of parameter values (tested in tests/).

    ``zero_centred`` means the function is odd, f(−x) = −f(x); equivalently, its
    mean output is 0 for every input distribution symmetric about 0.  Taking
    negative values is not enough: leaky ReLU, ELU, swish and GELU do, yet their
    mean output is positive for zero-mean symmetric input.  ``smoothness`` names
    the highest k for which f is Cᵏ (k times continuously differentiable) and
    where that fails; ``kink`` is the convention used for f′ at a kink, empty
    when there is none.
    """

    output_range: Interval
    monotonic: bool
    zero_centred: bool
    smoothness: str
    max_slope: float
    max_slope_at: float | None
    derivative_range: Interval
    kink: str = ""


@dataclass(frozen=True)
class Activation:
    """One registry entry: everything lessons, widgets and tests need.

    ``function`` and ``derivative`` are the public functions.  ``curve`` and
    ``curve_derivative`` give a 1-D view for plots; they are the same as
    ``function``/``derivative`` for element-wise activations and, for
    softmax, follow one logit with the others held at 0.
    """

    name: str
    title: str
    function: Callable
    derivative: Callable
    latex: str
    derivative_latex: str
    properties: Properties
    parameters: tuple[Parameter, ...] = ()
    x_range: tuple[float, float] = (-6.0, 6.0)
    x_limits: tuple[float, float] = (-10.0, 10.0)
    stable_form: str = ""
    elementwise: bool = True
    curve: Callable | None = None
    curve_derivative: Callable | None = None
    curve_parameters: tuple[Parameter, ...] = field(default=())
    properties_at: Callable[..., Properties] | None = None

    def properties_for(self, **params) -> Properties:
        """The properties at these parameter values (defaults for those not given).

        ``properties`` is the same at the defaults; a property that depends on a
        parameter (ELU's largest slope is max(1, α), its kink vanishes at α = 1)
        is computed here for the values given.

        Examples
        --------
        >>> ACTIVATIONS["elu"].properties_for(alpha=2.0).max_slope
        2.0
        >>> ACTIVATIONS["elu"].properties_for(alpha=1.0).kink
        ''
        """
        unknown = set(params) - set(self.defaults)
        if unknown:
            raise ValueError(f"{self.name}: no parameter named {', '.join(sorted(unknown))}; "
                             f"its parameters are {', '.join(self.defaults) or 'none'}")
        if self.properties_at is None:
            return self.properties
        return self.properties_at(**{**self.defaults, **params})

    @property
    def defaults(self) -> dict:
        """Default values of the parameters, ready to pass as keyword arguments."""
        return {p.name: p.default for p in self.plot_parameters}

    @property
    def plot_parameters(self) -> tuple[Parameter, ...]:
        return self.parameters if self.elementwise else self.curve_parameters

    def f(self, x, **params):
        """The 1-D curve at ``x`` (the function itself for element-wise ones)."""
        return (self.curve or self.function)(x, **params)

    def df(self, x, **params):
        """The 1-D derivative at ``x`` (the derivative for element-wise ones)."""
        return (self.curve_derivative or self.derivative)(x, **params)


_ALPHA_LEAKY = Parameter("alpha", 0.01, "slope for x ≤ 0 (0: ReLU, 1: identity)",
                         0.0, 1.0, 0.01)
_ALPHA_ELU = Parameter("alpha", 1.0, "saturation level −α for x → −∞",
                       0.1, 3.0, 0.1)
_BETA = Parameter("beta", 1.0, "gate sharpness (0: x/2, 1: SiLU, large: ReLU)",
                  0.0, 10.0, 0.1)
_APPROXIMATE = Parameter("approximate", "none", "exact erf form or the tanh approximation",
                         options=("none", "tanh"))
_CLASSES = Parameter("classes", 3, "number of logits; the others are held at 0",
                     2, 10, 1)

_REAL_LINE = Interval(-math.inf, math.inf)
_HALF_LINE = Interval(0.0, math.inf, closed_low=True)
_KINKED = "C⁰, not C¹ (kink at 0)"
# the SiLU (swish with β = 1): its minimum, at x* where f′(x*) = 0, and its largest slope;
# f′(x) + f′(−x) = 1, so the smallest slope is 1 − the largest.  Checked in tests/test_properties.py.
_SILU_MINIMUM, _SILU_ARGMIN = -0.2784645427610738, -1.2784645427610738
_SILU_MAX_SLOPE, _SILU_MAX_SLOPE_AT = 1.0998393201288669, 2.3993572805154676
# the same for GELU, exact and with the tanh approximation
_GELU_MINIMUM = {"none": -0.16997120747990366, "tanh": -0.17004075057125403}
_GELU_MAX_SLOPE = {"none": 1.1289041451851548, "tanh": 1.128993068658772}
_GELU_MAX_SLOPE_AT = {"none": math.sqrt(2.0), "tanh": 1.4185040089057568}


def _leaky_relu_properties(alpha) -> Properties:
    alpha = float(alpha)
    identity = alpha == 1.0
    return Properties(
        output_range=_REAL_LINE if alpha > 0 else _HALF_LINE, monotonic=alpha >= 0,
        zero_centred=identity, smoothness="C∞ (the identity)" if identity else _KINKED,
        max_slope=max(1.0, alpha), max_slope_at=None,
        derivative_range=Interval(min(alpha, 1.0), max(alpha, 1.0), True, True),
        kink="" if identity else "f'(0) = α")


def _elu_properties(alpha) -> Properties:
    alpha = float(alpha)
    if not alpha > 0:
        raise ValueError(f"elu: properties are listed for alpha > 0, got {alpha!r}")
    return Properties(
        output_range=Interval(-alpha, math.inf), monotonic=True, zero_centred=False,
        smoothness="C¹, not C² (f″ jumps at 0)" if alpha == 1.0 else _KINKED,
        max_slope=max(1.0, alpha), max_slope_at=0.0 if alpha > 1.0 else None,
        derivative_range=Interval(0.0, max(1.0, alpha), closed_high=True),
        kink="" if alpha == 1.0 else "f'(0) = α")


def _swish_properties(beta) -> Properties:
    beta = float(beta)
    if beta < 0:
        raise ValueError(f"swish: properties are listed for beta >= 0, got {beta!r}")
    if beta == 0.0:                      # f(x) = x/2
        return Properties(output_range=_REAL_LINE, monotonic=True, zero_centred=True,
                          smoothness="C∞", max_slope=0.5, max_slope_at=None,
                          derivative_range=Interval(0.5, 0.5, True, True))
    # f(x, β) = f(βx, 1)/β: the SiLU shrunk by 1/β in both directions, so its slopes are the SiLU's
    return Properties(
        output_range=Interval(_SILU_MINIMUM / beta, math.inf, closed_low=True), monotonic=False,
        zero_centred=False, smoothness="C∞", max_slope=_SILU_MAX_SLOPE,
        max_slope_at=_SILU_MAX_SLOPE_AT / beta,
        derivative_range=Interval(1.0 - _SILU_MAX_SLOPE, _SILU_MAX_SLOPE, True, True))


def _gelu_properties(approximate) -> Properties:
    approximate = _approximate_choice(approximate, "gelu")
    return Properties(
        output_range=Interval(_GELU_MINIMUM[approximate], math.inf, closed_low=True),
        monotonic=False, zero_centred=False, smoothness="C∞",
        max_slope=_GELU_MAX_SLOPE[approximate], max_slope_at=_GELU_MAX_SLOPE_AT[approximate],
        derivative_range=Interval(1.0 - _GELU_MAX_SLOPE[approximate], _GELU_MAX_SLOPE[approximate],
                                  True, True))


def _softmax_properties(classes) -> Properties:
    # s₁ = eˣ/(eˣ + K − 1) along (x, 0, …, 0): a sigmoid shifted to x = log(K − 1)
    classes = int(classes)
    if classes < 2:
        raise ValueError(f"softmax: properties are listed for classes >= 2, got {classes!r}")
    return Properties(output_range=Interval(0.0, 1.0), monotonic=True, zero_centred=False,
                      smoothness="C∞", max_slope=0.25, max_slope_at=math.log(classes - 1.0),
                      derivative_range=Interval(0.0, 0.25, closed_high=True))

_ENTRIES = (
    Activation(
        name="sigmoid", title="Sigmoid", function=sigmoid, derivative=sigmoid_derivative,
        latex=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_latex=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        stable_form=r"\sigma'(x) = \frac{e^{-|x|}}{(1 + e^{-|x|})^2}",
        properties=Properties(
            output_range=Interval(0.0, 1.0), monotonic=True, zero_centred=False,
            smoothness="C∞", max_slope=0.25, max_slope_at=0.0,
            derivative_range=Interval(0.0, 0.25, closed_high=True))),
    Activation(
        name="tanh", title="Tanh", function=tanh, derivative=tanh_derivative,
        latex=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_latex=r"\tanh'(x) = 1 - \tanh^2(x)",
        stable_form=r"\tanh'(x) = \frac{4e^{-2|x|}}{(1 + e^{-2|x|})^2}",
        properties=Properties(
            output_range=Interval(-1.0, 1.0), monotonic=True, zero_centred=True,
            smoothness="C∞", max_slope=1.0, max_slope_at=0.0,
            derivative_range=Interval(0.0, 1.0, closed_high=True))),
    Activation(
        name="relu", title="ReLU", function=relu, derivative=relu_derivative,
        latex=r"\operatorname{relu}(x) = \max(x, 0)",
        derivative_latex=r"\operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        properties=Properties(
            output_range=Interval(0.0, math.inf, closed_low=True), monotonic=True,
            zero_centred=False, smoothness=_KINKED, max_slope=1.0, max_slope_at=None,
            derivative_range=Interval(0.0, 1.0, True, True), kink="f'(0) = 0"),
        x_range=(-4.0, 4.0)),
    Activation(
        name="leaky_relu", title="Leaky ReLU", function=leaky_relu,
        derivative=leaky_relu_derivative, parameters=(_ALPHA_LEAKY,),
        latex=r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        derivative_latex=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        properties=_leaky_relu_properties(0.01), properties_at=_leaky_relu_properties,
        x_range=(-4.0, 4.0)),
    Activation(
        name="elu", title="ELU", function=elu, derivative=elu_derivative,
        parameters=(_ALPHA_ELU,),
        latex=r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        derivative_latex=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} = f(x) + \alpha & x \le 0 \end{cases}",
        properties=_elu_properties(1.0), properties_at=_elu_properties,
        x_range=(-5.0, 3.0)),
    Activation(
        name="swish", title="Swish / SiLU", function=swish, derivative=swish_derivative,
        parameters=(_BETA,),
        latex=r"f(x) = x\,\sigma(\beta x)",
        derivative_latex=r"f'(x) = \sigma(\beta x)\,\bigl(1 + \beta x\,\sigma(-\beta x)\bigr)",
        properties=_swish_properties(1.0), properties_at=_swish_properties,
        x_range=(-6.0, 4.0)),
    Activation(
        name="gelu", title="GELU", function=gelu, derivative=gelu_derivative,
        parameters=(_APPROXIMATE,),
        latex=r"f(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\frac{x}{\sqrt{2}}\Bigr)",
        derivative_latex=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        stable_form=r"f(x) = \frac{x}{2}\operatorname{erfcx}\Bigl(\frac{-x}{\sqrt 2}\Bigr)e^{-x^2/2}\ (x<0)",
        properties=_gelu_properties("none"), properties_at=_gelu_properties,
        x_range=(-5.0, 4.0)),
    Activation(
        name="softmax", title="Softmax", function=softmax, derivative=softmax_derivative,
        latex=r"s_i(x) = \frac{e^{x_i}}{\sum_j e^{x_j}}",
        derivative_latex=r"\frac{\partial s_i}{\partial x_j} = s_i\,(\delta_{ij} - s_j)",
        stable_form=r"s_i = \frac{e^{x_i - \max_k x_k}}{\sum_j e^{x_j - \max_k x_k}}",
        properties=_softmax_properties(3), properties_at=_softmax_properties,
        elementwise=False, curve=_softmax_curve, curve_derivative=_softmax_curve_derivative,
        curve_parameters=(_CLASSES,)),
)

#: name → :class:`Activation`, in lesson order.  Read-only.
ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})
