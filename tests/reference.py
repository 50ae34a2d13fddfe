"""High-precision references: sympy expressions evaluated with mpmath.

Each element-wise activation is written once here as a sympy expression in
the form that keeps mpmath exact (``erfc`` rather than ``1 + erf``, and the
sigmoid form of the tanh-GELU), its derivatives come from ``sympy.diff``,
and values are evaluated with mpmath at 50 significant digits plus however
many digits a tiny |x| needs (so ``exp(x) - 1`` at x = 1e-300 is exact too).
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy

X = sympy.Symbol("x", real=True)
ALPHA = sympy.Symbol("alpha", positive=True)
BETA = sympy.Symbol("beta", real=True)

class Phi(sympy.Function):
    """Standard normal CDF, kept unevaluated so sympy cannot rewrite erfc(-z) as 2 - erfc(z)."""

    def fdiff(self, argindex=1):
        return sympy.exp(-self.args[0] ** 2 / 2) / sympy.sqrt(2 * sympy.pi)

    def _eval_rewrite_as_erf(self, arg, **kwargs):
        return (1 + sympy.erf(arg / sympy.sqrt(2))) / 2


_U = sympy.sqrt(2 / sympy.pi) * (X + sympy.Rational(44715, 10**6) * X**3)

EXPRESSIONS = {
    ("sigmoid", None): 1 / (1 + sympy.exp(-X)),
    ("tanh", None): sympy.tanh(X),
    ("relu", None): sympy.Piecewise((X, X > 0), (0, True)),
    ("leaky_relu", None): sympy.Piecewise((X, X > 0), (ALPHA * X, True)),
    ("elu", None): sympy.Piecewise((X, X > 0), (ALPHA * (sympy.exp(X) - 1), True)),
    ("swish", None): X / (1 + sympy.exp(-BETA * X)),
    ("gelu", "none"): X * Phi(X),
    ("gelu", "tanh"): X / (1 + sympy.exp(-2 * _U)),
}

#: derivatives rewritten where sympy's own form cancels in finite precision
#: (1 - tanh² at x = 60 needs 52 digits just to be nonzero); tests check
#: that each equals ``sympy.diff`` of the expression above.
STABLE_DERIVATIVES = {
    ("tanh", None, 1): sympy.sech(X) ** 2,
    ("tanh", None, 2): -2 * sympy.tanh(X) * sympy.sech(X) ** 2,
}

#: textbook forms that the reference forms above must equal symbolically
TEXTBOOK = {
    ("gelu", "none"): X / 2 * (1 + sympy.erf(X / sympy.sqrt(2))),
    ("gelu", "tanh"): X / 2 * (1 + sympy.tanh(_U)),
}


def _key(name: str, params: dict):
    return (name, params.get("approximate", "none") if name == "gelu" else None)


@functools.lru_cache(maxsize=None)
def _lambdified(name: str, approximate, order: int, alpha, beta):
    expr = EXPRESSIONS[(name, approximate)]
    expr = STABLE_DERIVATIVES.get((name, approximate, order),
                                  sympy.diff(expr, X, order) if order else expr)
    expr = expr.subs({ALPHA: ALPHA if alpha is None else alpha,
                      BETA: BETA if beta is None else beta})
    return sympy.lambdify(X, expr, modules=[{"Phi": mpmath.ncdf}, "mpmath"])


def _exact_parameter(value):
    """A float parameter as the exact rational it stores, for sympy."""
    return None if value is None else sympy.Rational(*float(value).as_integer_ratio())


def reference(name: str, x, order: int = 0, **params) -> np.ndarray:
    """The ``order``-th derivative of activation ``name`` at float64 ``x``, correctly rounded."""
    alpha = params.get("alpha", {"leaky_relu": 0.01, "elu": 1.0}.get(name))
    beta = params.get("beta", 1.0 if name == "swish" else None)
    func = _lambdified(name, _key(name, params)[1], order,
                       _exact_parameter(alpha), _exact_parameter(beta))
    out = [_evaluate(func, value, name, order)
           for value in np.asarray(x, dtype=np.float64).ravel()]
    return np.array(out).reshape(np.shape(x))


def _evaluate(func, value: float, name: str, order: int) -> float:
    """func(value) at 50 digits (more for tiny |x|), refused if 30 more digits disagree."""
    if name == "gelu" and abs(value) > 1e4:
        # mpmath's erfc overflows for huge arguments; Phi(±1e4) is 1 or 0 far
        # beyond double precision, so the limits are exact in float64.
        limits = {0: (value, 0.0), 1: (1.0, 0.0)}.get(order, (0.0, 0.0))
        return limits[0] if value > 0 else limits[1]
    magnitude = abs(value)
    digits = 50 + (0 if magnitude >= 1 or magnitude == 0 else int(-math.log10(magnitude)) + 5)
    results = []
    for extra in (0, 30):
        with mpmath.workdps(digits + extra):
            results.append(func(mpmath.mpf(value)))
    coarse, fine = results
    if abs(coarse - fine) > mpmath.mpf(10) ** -30 * abs(fine):
        raise ArithmeticError(f"reference for {name} (order {order}) at x={value!r} is unstable")
    return float(fine)


def ulp_error(got, expected, scale=None, dtype=np.float64) -> np.ndarray:
    """|got - expected| in units of eps·scale, with scale = |expected| by default.

    The scale never drops below the smallest normal number, so in the
    subnormal range the error is counted in units of the smallest subnormal.
    """
    finfo = np.finfo(dtype)
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    scale = np.abs(expected) if scale is None else np.asarray(scale, dtype=np.float64)
    scale = np.maximum(scale, float(finfo.tiny))
    return np.abs(got - expected) / (float(finfo.eps) * scale)


def wide_grid(limit: float = 1e308, dense: float = 40.0, count: int = 161) -> np.ndarray:
    """Points over the whole float64 range: a dense core, log-spaced tails, both signs."""
    core = np.linspace(-dense, dense, count)
    tails = np.logspace(-300, np.log10(limit), 121)
    tail_band = np.linspace(dense, 760.0, 60)
    grid = np.concatenate([core, tails, -tails, tail_band, -tail_band, [0.0, 5e-324, -5e-324]])
    return np.unique(grid)
