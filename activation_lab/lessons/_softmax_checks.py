"""What :func:`activation_lab.check` needs for lesson 8's exercises whose answer is a batch of
vectors or matrices (the Jacobian from s, the vector–Jacobian product): the arguments the
student's function gets, where in the batch an answer differs, and the VJP's memory test.
"""

from __future__ import annotations

import tracemalloc

import numpy as np

import activations

from ..style import format_number

#: Logit vectors of the VJP's memory test: its Jacobian alone would take 8·K² bytes (32 MB).
_MEMORY_TEST_CLASSES = 2000
_MEMORY_LIMIT_BYTES = 2_000_000


def jacobian_arguments(points: np.ndarray) -> tuple:
    """The Jacobian exercise's argument: s = softmax of each row of logits, shape (n, K).

    Examples
    --------
    >>> [a.shape for a in jacobian_arguments(np.zeros((2, 3)))]
    [(2, 3)]
    """
    return (activations.softmax(points),)


def vjp_arguments(points: np.ndarray) -> tuple:
    """The VJP exercise's arguments: s = softmax of the logits and the upstream gradient g, both (n, K).

    ``points[:, 0]`` holds the logits and ``points[:, 1]`` the gradients, one example per row.
    """
    return activations.softmax(points[:, 0]), points[:, 1].copy()


def locate_in_batch(points: np.ndarray, worst: tuple) -> str:
    """Where in a batch an answer differs, in words: the example's logits and the entry.

    Examples
    --------
    >>> locate_in_batch(np.array([[1.0, 0.0], [2.0, -1.0]]), (1, 0))
    'For the logits (2, −1), component 1'
    """
    logits = points[:, 0] if points.ndim == 3 else points
    shown = ", ".join(format_number(v) for v in logits[worst[0]])
    entry = ", ".join(str(k + 1) for k in worst[1:])
    entry = f"entry ({entry})" if len(worst) > 2 else f"component {entry}"
    return f"For the logits ({shown}), {entry}"


def vjp_memory_test(answer) -> str | None:
    """None when ``answer(s, g)`` needs far less than a K × K matrix on one vector of 2000 logits;
    otherwise why it fails, with ``{who}`` for the checker to fill in."""
    logits = np.linspace(-3.0, 3.0, _MEMORY_TEST_CLASSES)[None, :]
    s, g = activations.softmax(logits), np.cos(logits)
    tracemalloc.start()
    try:
        with np.errstate(all="ignore"):
            answer(s, g)
        peak = tracemalloc.get_traced_memory()[1]
    except Exception as error:  # e.g. MemoryError
        return f"on 2000 logits {{who}} raised {type(error).__name__}: {error}."
    finally:
        tracemalloc.stop()
    if peak <= _MEMORY_LIMIT_BYTES:
        return None
    return (f"on one vector of 2000 logits {{who}} needed {peak / 1e6:.0f} MB at once; a K × K matrix "
            f"there takes 32 MB, and the prompt asks you not to build one (the product needs only a few "
            f"vectors of K numbers).")
