"""Instant feedback for lesson 8's exercises whose answer is a batch of vectors or matrices
(the Jacobian from s, the vector–Jacobian product), which :func:`activation_lab.check` cannot compare.

It prints the same kinds of lines as ``lab.check`` and returns the same :class:`~activation_lab.checks.Verdict`.
"""

from __future__ import annotations

import tracemalloc

import numpy as np

import activations

from ..checks import Verdict, is_stub, run_answer
from ..style import format_number

#: Logit vectors of the VJP's memory test: its Jacobian alone would take 8·K² bytes (32 MB).
_MEMORY_TEST_CLASSES = 2000
_MEMORY_LIMIT_BYTES = 2_000_000


def check_vector(exercise: str, answer, worked_solution: bool = False) -> Verdict:
    """Run ``answer`` on a vector exercise's batch of logit vectors and print instant feedback.

    ``"softmax-jacobian"`` calls ``answer(s)`` with s = softmax of each row (shape (n, K)) and
    compares with the Jacobians J = diag(s) − s sᵀ from :func:`activations.softmax_derivative`
    (shape (n, K, K)).  ``"softmax-vjp"`` calls ``answer(s, g)`` (both (n, K)) and compares with
    gᵀJ row by row; it also runs the answer on one vector of 2000 logits and fails it if it
    allocated more than 2 MB (a K × K matrix there takes 32 MB).  Values must agree within the
    exercise's ``atol + rtol·|expected|``.

    Examples
    --------
    >>> bool(check_vector("softmax-jacobian", lambda s: activations.softmax_derivative(np.log(s))))
    ✓ softmax-jacobian: correct at all 8 logit vectors (128 entries).
    True
    """
    from ..exercises import EXERCISES

    task = EXERCISES[exercise]
    points = np.array(task.points)
    inputs = _inputs(exercise, points)
    who = "the worked solution" if worked_solution else "your function"
    try:
        got, _ = run_answer(lambda _: answer(*inputs), points)
    except Exception as error:  # the student's code: report, do not crash the lesson
        print(f"✗ {exercise}: {who} raised {type(error).__name__}: {error}")
        return Verdict(False)
    if got is None:
        shapes = " and ".join(f"a NumPy array of shape {a.shape}" for a in inputs)
        print(f"✗ {exercise}: {who} returned None: did you forget `return`?" if not is_stub(answer)
              else f"… {exercise}: not attempted yet. {task.prompt} Your function gets {shapes}.")
        return Verdict(False)
    expected = np.asarray(task.expected(points), dtype=float)
    if not _values_agree(exercise, task, points, expected, np.asarray(got, dtype=float), who):
        return Verdict(False)
    if exercise == "softmax-vjp" and not _small_memory(exercise, answer, who, task.hint):
        return Verdict(False)
    rows = points.shape[0]
    print(f"✓ {exercise}: {'the worked solution is ' if worked_solution else ''}correct at all {rows} "
          f"logit vectors ({expected.size} entries).")
    return Verdict(True)


def _inputs(exercise: str, points: np.ndarray) -> tuple:
    """What the student's function receives: s for the Jacobian; s and g for the VJP."""
    if exercise == "softmax-vjp":
        return activations.softmax(points[:, 0]), points[:, 1].copy()
    return (activations.softmax(points),)


def _logits(points: np.ndarray) -> np.ndarray:
    return points[:, 0] if points.ndim == 3 else points


def _values_agree(exercise, task, points, expected, got, who: str) -> bool:
    if got.shape != expected.shape:
        print(f"✗ {exercise}: expected an array of shape {expected.shape}, {who} returned shape {got.shape}.")
        return False
    with np.errstate(all="ignore"):
        gap = np.abs(got - expected)
        bad = ~(gap <= task.atol + task.rtol * np.abs(expected))
    if not bad.any():
        return True
    worst = np.unravel_index(int(np.nanargmax(np.where(bad, np.nan_to_num(gap, nan=np.inf), -1.0))), bad.shape)
    row, entry = worst[0], ", ".join(str(k + 1) for k in worst[1:])
    entry = f"entry ({entry})" if len(worst) > 2 else f"component {entry}"
    logits = ", ".join(format_number(v) for v in _logits(points)[row])
    print(f"✗ {exercise}: not yet. For the logits ({logits}), {entry} is "
          f"{format_number(expected[worst])}, {who} gives {format_number(got[worst])} "
          f"({int(bad.sum())} of {bad.size} entries differ). Hint: {task.hint}")
    return False


def _small_memory(exercise: str, answer, who: str, hint: str) -> bool:
    """True when ``answer`` needs far less than a K × K matrix on one vector of 2000 logits."""
    logits = np.linspace(-3.0, 3.0, _MEMORY_TEST_CLASSES)[None, :]
    s, g = activations.softmax(logits), np.cos(logits)
    tracemalloc.start()
    try:
        with np.errstate(all="ignore"):
            answer(s, g)
        peak = tracemalloc.get_traced_memory()[1]
    except Exception as error:  # e.g. MemoryError
        print(f"✗ {exercise}: right values, but on 2000 logits {who} raised {type(error).__name__}: {error}")
        return False
    finally:
        tracemalloc.stop()
    if peak <= _MEMORY_LIMIT_BYTES:
        return True
    print(f"✗ {exercise}: right values, but on one vector of 2000 logits {who} needed "
          f"{peak / 1e6:.0f} MB at once; a K × K matrix there takes 32 MB, and the prompt asks you not to "
          f"build one (the product needs only a few vectors of K numbers). Hint: {hint}")
    return False
