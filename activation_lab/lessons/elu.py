"""Helpers of lesson 5 (``notebooks/05-elu.ipynb``): the jump of ELU's derivative at 0, drawn as a
figure and as a close-up explorer, and SELU's constants from their moment equations.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

import activations

from ..closeup import CloseUpExplorer
from ..style import DERIVATIVE_STYLE, FUNCTION_STYLE, PALETTE, format_number, settings, style_axes

__all__ = ["elu_jump_explorer", "elu_jump_figure", "selu_constants"]

def elu_jump_figure(alphas=(0.5, 1.0, 2.0), x_range=(-3.0, 2.0)) -> Figure:
    """ELU (top row) and its derivative (bottom row) for each alpha, with the jump of f′ at 0 marked.

    The derivative is drawn as two separate branches from the module's
    ``elu_derivative``; a filled dot marks the value the module uses at 0 (the
    x ≤ 0 branch, α), an open circle the limit from the right (1), and a
    dotted segment the jump between them.

    Examples
    --------
    >>> fig = elu_jump_figure((0.5, 1.0))
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['α = 0.5: f′ jumps by 0.5', 'α = 1: f′ is continuous']
    """
    alphas = tuple(float(a) for a in alphas)
    low, high = x_range
    left, right = np.linspace(low, 0.0, 301), np.linspace(0.0, high, 201)[1:]
    fig = Figure(figsize=settings().figsize, dpi=settings().dpi, layout="constrained")
    axes = fig.subplots(2, len(alphas), sharex=True, sharey="row", squeeze=False)
    size = settings().font_size
    handles = []
    for column, alpha in enumerate(alphas):
        ax_f, ax_d = axes[0, column], axes[1, column]
        for ax in (ax_f, ax_d):
            style_axes(ax, zero_lines=True)
        x = np.concatenate([left, right])
        function = ax_f.plot(x, activations.elu(x, alpha=alpha), FUNCTION_STYLE, color=PALETTE["function"],
                             linewidth=2.2, label="f(x) = elu(x, α)")[0]
        branches = [ax_d.plot(branch, activations.elu_derivative(branch, alpha=alpha), DERIVATIVE_STYLE,
                              color=PALETTE["derivative"], linewidth=2.2,
                              label="f′(x): α·eˣ for x ≤ 0, 1 for x > 0")[0] for branch in (left, right)]
        at_zero = float(activations.elu_derivative(0.0, alpha=alpha))
        from_right = float(activations.elu_derivative(right[0], alpha=alpha))
        jump = from_right - at_zero
        segment = ax_d.plot([0.0, 0.0], [at_zero, from_right], ":", color=PALETTE["accent"], linewidth=2.4,
                            label="jump f′(0⁺) − f′(0⁻) = 1 − α")[0]
        filled = ax_d.plot([0.0], [at_zero], "o", color=PALETTE["derivative"], markersize=7, zorder=5,
                           label="f′(0) = α, the value used at 0")[0]
        hollow = ax_d.plot([0.0], [from_right], "o", markerfacecolor="white", markeredgecolor=PALETTE["point"],
                           markersize=7, zorder=4, label="limit from the right, 1")[0]
        handles = [function, branches[0], filled, hollow, segment]
        continuous = abs(jump) < 1e-12
        ax_f.set_title(f"α = {alpha:g}: " + ("f′ is continuous" if continuous
                                             else f"f′ jumps by {format_number(jump)}"), fontsize=size)
        if not continuous:
            ax_d.annotate(f"jump {format_number(jump)}", xy=(0.0, 0.5 * (at_zero + from_right)),
                          xytext=(8, 0), textcoords="offset points", va="center", fontsize=size * 0.85,
                          color=PALETTE["accent"])
        ax_d.set_xlabel("x")
    axes[0, 0].set_ylabel("f(x) = elu(x, α)")
    axes[1, 0].set_ylabel("f′(x)")
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=size * 0.8)
    fig.suptitle("ELU is continuous for every α; its derivative only for α = 1", fontsize=size * 1.1)
    return fig


_SELU_CONSTANTS: dict[int, tuple[float, float]] = {}


def selu_constants(dps: int = 30) -> tuple[float, float]:
    r"""SELU's ``(lambda, alpha)`` from the closed forms of the two moment equations, with mpmath.

    For Z ~ N(0, 1), using :math:`\int_{-\infty}^0 e^{tz}\varphi(z)\,dz = e^{t^2/2}\,\Phi(-t)`:

    .. math::
        \mathbb{E}[\operatorname{elu}_\alpha(Z)] = \tfrac{1}{\sqrt{2\pi}}
            + \alpha\bigl(e^{1/2}\Phi(-1) - \tfrac12\bigr),
        \qquad
        \mathbb{E}[\operatorname{elu}_\alpha(Z)^2] = \tfrac12
            + \alpha^2\bigl(e^{2}\Phi(-2) - 2e^{1/2}\Phi(-1) + \tfrac12\bigr).

    Mean 0 fixes α (λ scales the mean and cannot move it off 0); then
    variance 1 gives :math:`\lambda = 1/\sqrt{\mathbb{E}[\operatorname{elu}_\alpha(Z)^2]}`.

    Examples
    --------
    >>> scale, alpha = selu_constants()
    >>> round(scale, 10), round(alpha, 10)
    (1.0507009874, 1.6732632424)
    """
    import mpmath

    if dps not in _SELU_CONSTANTS:
        with mpmath.workdps(dps):
            def tail(t):                        # ∫_{-∞}^0 e^{tz} φ(z) dz
                return mpmath.exp(mpmath.mpf(t) ** 2 / 2) * mpmath.ncdf(-t)

            half = mpmath.mpf(1) / 2
            alpha = (1 / mpmath.sqrt(2 * mpmath.pi)) / (half - tail(1))
            second_moment = half + alpha ** 2 * (tail(2) - 2 * tail(1) + half)
            _SELU_CONSTANTS[dps] = (float(1 / mpmath.sqrt(second_moment)), float(alpha))
    return _SELU_CONSTANTS[dps]


def selu_derivative(x):
    """SELU′(x) = λ·elu′(x, α) with the constants of :func:`selu_constants` (the exercise's reference)."""
    scale, alpha = selu_constants()
    return scale * activations.elu_derivative(x, alpha=alpha)


class EluJumpExplorer(CloseUpExplorer):
    """ELU and its derivative near 0 for one α, with the jump of f′ at 0 drawn and labelled.

    Build it with :func:`elu_jump_explorer`.  ``controls["alpha"]`` is the
    slider.  Top: the function with its two one-sided tangents at 0 (slope α
    from the left, 1 from the right; one straight line only for α = 1).
    Bottom: the derivative's two branches from the module, a filled dot at
    f′(0) = α (the module's value), an open circle at the right limit 1 and
    a dotted segment for the jump 1 − α.  ``jump`` holds the drawn jump.
    """

    ACTIVATION, PARAMETER, LABEL = "elu", "alpha", "alpha (α)"
    X_RANGE = (-3.0, 2.0)

    def __init__(self, alpha: float = 0.5, n_points: int = 301):
        self.left = np.linspace(self.X_RANGE[0], 0.0, n_points)
        self.right = np.linspace(0.0, self.X_RANGE[1], n_points)[1:]
        self.at_zero = self.jump = float("nan")
        super().__init__(alpha)

    @property
    def alpha(self) -> float:
        return self.value

    def limits(self, alpha: float) -> tuple:
        """x fixed; f from below its floor −α to 2.3; f′ from just below 0 to above max(1, α), its largest value."""
        top = max(1.0, alpha)
        return self.X_RANGE, (-(alpha + 0.35 * top), 2.3), (-0.12 * top, 1.15 * top)

    def _add_artists(self, ax_f, ax_d, size: float) -> dict:
        lines = {
            "function": ax_f.plot([], [], FUNCTION_STYLE, color=PALETTE["function"], linewidth=2.4,
                                  label="f(x) = elu(x, α)")[0],
            "tangent_left": ax_f.plot([], [], ":", color=PALETTE["derivative"], linewidth=2.0,
                                      label="tangent at 0 from the left, slope α")[0],
            "tangent_right": ax_f.plot([], [], ":", color=PALETTE["tangent"], linewidth=2.0,
                                       label="tangent at 0 from the right, slope 1")[0],
            "left": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["derivative"], linewidth=2.4,
                              label="f′(x) = α·eˣ for x ≤ 0")[0],
            "right": ax_d.plot([], [], DERIVATIVE_STYLE, color=PALETTE["tangent"], linewidth=2.4,
                               label="f′(x) = 1 for x > 0")[0],
            "segment": ax_d.plot([], [], ":", color=PALETTE["accent"], linewidth=2.6,
                                 label="jump f′(0⁺) − f′(0⁻) = 1 − α")[0],
            "at_zero": ax_d.plot([], [], "o", color=PALETTE["derivative"], markersize=8, zorder=5,
                                 label="f′(0) = α, the value used at 0")[0],
            "from_right": ax_d.plot([], [], "o", markerfacecolor="white", markeredgecolor=PALETTE["point"],
                                    markersize=8, zorder=4, label="limit from the right, 1")[0],
        }
        self.label = ax_d.text(0.12, 0.0, "", va="center", fontsize=size * 0.9, color=PALETTE["accent"])
        return lines

    def _update(self, change) -> bool:
        alpha, left, right = self.alpha, self.left, self.right
        x = np.concatenate([left, right])
        self.lines["function"].set_data(x, activations.elu(x, alpha=alpha))
        ends = np.array([self.X_RANGE[0], 1.0])        # each one-sided tangent, drawn past 0 so they cross
        self.lines["tangent_left"].set_data(ends, alpha * ends)
        self.lines["tangent_right"].set_data([-2.0, self.X_RANGE[1]], [-2.0, self.X_RANGE[1]])
        self.lines["left"].set_data(left, activations.elu_derivative(left, alpha=alpha))
        self.lines["right"].set_data(right, activations.elu_derivative(right, alpha=alpha))
        at_zero = float(activations.elu_derivative(0.0, alpha=alpha))
        from_right = float(activations.elu_derivative(right[0], alpha=alpha))
        self.at_zero, self.jump = at_zero, from_right - at_zero
        self.lines["segment"].set_data([0.0, 0.0], [at_zero, from_right])
        self.lines["at_zero"].set_data([0.0], [at_zero])
        self.lines["from_right"].set_data([0.0], [from_right])
        continuous = abs(self.jump) < 1e-12
        self.label.set_y(0.5 * (at_zero + from_right))
        self.label.set_text("" if continuous else f"jump {format_number(self.jump)}")
        self.title.set_text(f"α = {alpha:.2f}: " + (
            "f′ is continuous at 0 (the two tangents are one line)" if continuous
            else f"f′ jumps by 1 − α = {format_number(self.jump)} at 0"))
        self.readout.value = (
            f"α = {alpha:.2f}: f′(0⁻) = α = <b>{format_number(at_zero)}</b> (the module's f′(0)), "
            f"f′(0⁺) = <b>{format_number(from_right)}</b>, jump f′(0⁺) − f′(0⁻) = <b>{format_number(self.jump)}</b>"
            + (". Continuous: ELU is C¹ for this α." if continuous else ". A kink: only α = 1 closes the gap."))
        return self._follow_limits()

    def snapshot_text(self) -> str:
        return (f"ELU jump explorer, alpha = {self.alpha:.2f}: f'(0) = {self.at_zero:.6f} from the left, "
                f"1 from the right, jump {self.jump:+.6f}")


def elu_jump_explorer(alpha: float = 0.5) -> EluJumpExplorer:
    """An α slider for ELU that draws the jump of f′ at 0 (zero only for α = 1).

    Examples
    --------
    >>> explorer = elu_jump_explorer(0.5)
    >>> explorer.jump
    0.5
    >>> explorer.controls["alpha"].value = 1.0
    >>> explorer.jump
    0.0
    >>> explorer.close()
    """
    return EluJumpExplorer(alpha)
