"""The checks a lesson prints: a derivation step by step (sympy), the derivative against finite
differences, the registry's property table, and the instant feedback of every exercise.

Every lesson (1–9) calls :func:`check_derivation`, :func:`finite_difference_check` and :func:`check`.
"""

from __future__ import annotations

import dis
import itertools
import types
import warnings
from typing import Callable

import numpy as np

import activations

from .style import format_number


class Verdict:
    """The outcome of a check: truthy when it passed, and silent when a cell displays it
    (the check has already printed its message)."""

    def __init__(self, passed: bool, detail: float | None = None):
        self.passed = bool(passed)
        self.detail = detail

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"Verdict(passed={self.passed})"

    def _ipython_display_(self) -> None:
        pass


def check_derivation(definition, steps, symbol) -> Verdict:
    """Check a derivation step by step with sympy and print one line per step.

    Parameters
    ----------
    definition : sympy expression
        The function being differentiated, f(x).
    steps : list of (str, sympy expression)
        Each step's justification and its expression for f'(x) (the first
        step may still contain an unevaluated ``sympy.Derivative``).
    symbol : sympy.Symbol
        The variable.

    Returns
    -------
    Verdict
        True when every step equals the previous one and the last equals
        ``sympy.diff(definition, symbol)``.
    """
    import sympy

    previous = sympy.Derivative(definition, symbol)
    all_good = True
    for number, (rule, expression) in enumerate(steps, start=1):
        same = _symbolically_equal(previous.doit(), expression.doit())
        all_good &= same
        print(f"step {number} ({rule}): {'equals the previous line ✓' if same else 'DOES NOT follow ✗'}")
        previous = expression
    final = _symbolically_equal(previous.doit(), sympy.diff(definition, symbol))
    all_good &= final
    print("last line equals sympy.diff of the definition "
          + ("✓" if final else "✗ (the derivation ends somewhere else)"))
    return Verdict(all_good)


def _symbolically_equal(left, right) -> bool:
    """True when sympy simplifies left − right to 0, or (where simplify gives up)
    the difference vanishes to 40 digits at several points."""
    import mpmath
    import sympy

    difference = sympy.simplify((left - right).rewrite(sympy.exp))
    if difference == 0:
        return True
    symbols = sorted(difference.free_symbols, key=str)
    probe = sympy.lambdify(symbols, difference, "mpmath")
    with mpmath.workdps(50):
        grids = [_probe_values(symbol) for symbol in symbols]
        return all(abs(probe(*values)) < mpmath.mpf(10) ** -40 for values in itertools.product(*grids))


def _probe_values(symbol) -> list:
    """Points at which a symbol is probed: both signs unless sympy knows it is positive."""
    import mpmath

    values = [mpmath.mpf(v) / 7 for v in (-13, -5, -2, 3, 6, 17)]
    return [abs(v) for v in values[3:]] if symbol.is_positive or symbol.is_nonnegative else values


def finite_difference_check(name, points=None, step: float = 1e-6, tolerance: float = 1e-8,
                            derivative: Callable | None = None, **params) -> Verdict:
    """Compare a derivative with a central difference and print the verdict.

    ``name`` is a registry name (its ``df`` is the derivative checked, at the registry's default
    parameters unless ``params`` say otherwise), or a function f of one NumPy array, given with its
    ``derivative``; a function is named in the message by its ``__name__``.  The central difference
    (f(x+h) − f(x−h)) / 2h has error O(h²) from truncation and O(ε/h) from rounding; with
    h = 1e-6 both are far below ``tolerance``.  Avoid points on a kink, where no derivative exists.

    Examples
    --------
    >>> bool(finite_difference_check("tanh", points=np.linspace(-3, 3, 7)))
    tanh: derivative and central difference agree within 1e-08 at all 7 points ✓
    True
    >>> def cube(x):
    ...     return x ** 3
    >>> bool(finite_difference_check(cube, derivative=lambda x: 3 * x, points=np.array([1.0, 2.0])))
    cube: derivative and central difference DISAGREE ✗: at x = 2 the derivative is 6, the difference quotient 12
    False
    """
    f, df, label = _function_and_derivative(name, derivative, params)
    x = np.asarray(points if points is not None else np.linspace(-5.0, 5.0, 101), dtype=float)
    numeric = (f(x + step) - f(x - step)) / (2.0 * step)
    gaps = np.abs(df(x) - numeric)
    worst = int(np.argmax(gaps))
    if gaps[worst] <= tolerance:
        print(f"{label}: derivative and central difference agree within {tolerance:.0e} "
              f"at all {x.size} points ✓")
    else:
        print(f"{label}: derivative and central difference DISAGREE ✗: at x = {format_number(x[worst])} "
              f"the derivative is {format_number(df(x[worst:worst + 1])[0])}, "
              f"the difference quotient {format_number(numeric[worst])}")
    return Verdict(gaps[worst] <= tolerance, float(gaps[worst]))


def _function_and_derivative(name, derivative, params):
    """f and f′ of one array, and how the message names them."""
    if callable(name):
        if derivative is None or params:
            raise TypeError("finite_difference_check: a function needs its derivative= and takes no parameters")
        return name, derivative, getattr(name, "__name__", "f")
    if derivative is not None:
        raise TypeError("finite_difference_check: derivative= is for a function; a registry entry has its own")
    entry = activations.ACTIVATIONS[name]
    params = {**entry.defaults, **params}
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    return (lambda x: entry.f(x, **params), lambda x: entry.df(x, **params),
            f"{name}({shown})" if shown else name)


def properties_table(names=None, **params) -> str:
    """A plain-text table of the registry's properties, at the parameter values given.

    A keyword such as ``alpha=0.5`` applies to every listed activation that has
    that parameter; the others keep their defaults.  Each row names the values
    it was computed for, because ELU's largest slope or leaky ReLU's kink
    depend on them.

    Examples
    --------
    >>> print(properties_table(["elu"], alpha=2.0).splitlines()[2])  # doctest: +NORMALIZE_WHITESPACE
    elu (α = 2)  (−2, ∞)  yes  no  C⁰, not C¹ (kink at 0)  2 at x = 0  f'(0) = α
    """
    names = list(names or activations.ACTIVATIONS)
    header = ("activation", "range", "monotonic", "zero-centred (odd)", "smoothness", "max slope",
              "kink")
    rows = [header]
    for name in names:
        entry = activations.ACTIVATIONS[name]
        own = {key: value for key, value in params.items() if key in entry.defaults}
        p = entry.properties_for(**own)
        where = "" if p.max_slope_at is None else f" at x = {format_number(p.max_slope_at)}"
        rows.append((_row_label(name, {**entry.defaults, **own}), str(p.output_range),
                     "yes" if p.monotonic else "no", "yes" if p.zero_centred else "no", p.smoothness,
                     f"{format_number(p.max_slope)}{where}", p.kink or "—"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


_SYMBOLS = {"alpha": "α", "beta": "β", "classes": "K"}


def _row_label(name: str, values: dict) -> str:
    shown = ", ".join(f"{_SYMBOLS.get(key, key)} = {format_number(value) if not isinstance(value, str) else value}"
                      for key, value in values.items())
    return f"{name} ({shown})" if shown else name


def check(exercise: str, answer: Callable | None, worked_solution: bool = False) -> Verdict:
    """Run ``answer`` on the exercise's test cases and print instant feedback.

    The answer gets the exercise's arguments (one NumPy array of points for most exercises; a
    batch of vectors, or two, where the exercise says so).  Prints "not attempted yet" for the
    stub that returns None, "did you forget ``return``?" for a function with a body that returns
    None, where the answer differs (the worst case, expected, got) with a hint, that NumPy warned
    where the prompt promises no warning, that a resource test failed (the softmax VJP's memory),
    or that it is right.  ``worked_solution=True`` labels the line as the check of the lesson's own
    solution, not the student's.  Returns a Verdict that is true only when the answer is right by
    the prompt's words.

    Examples
    --------
    >>> bool(check("relu-from-abs", lambda x: (x + np.abs(x)) / 2))
    ✓ relu-from-abs: correct at all 161 points.
    True
    >>> bool(check("relu-from-abs", lambda x: np.abs(x)))  # doctest: +ELLIPSIS
    ✗ relu-from-abs: not yet. At x = −8 the answer is 0, your function gives 8 (80 of 161 points differ). Hint: ...
    False
    """
    from .exercises import EXERCISES  # here, not at the top: the bank imports lessons that import Verdict

    task = EXERCISES[exercise]
    points = np.array(task.points)
    arguments = task.arguments(points) if task.arguments else (points,)
    who = "the worked solution" if worked_solution else "your function"
    try:
        got, warned = run_answer(answer, *arguments)
    except Exception as error:  # the student's code: report, do not crash the lesson
        explanation = _explain(error, task.variable, task.forbidden)
        print(f"✗ {exercise}: {who} raised {type(error).__name__}: {error}{explanation}")
        return Verdict(False)
    if got is None:
        print(f"✗ {exercise}: {who} returned None: did you forget `return`?" if not is_stub(answer)
              else f"… {exercise}: not attempted yet. {task.prompt}{_tolerance_note(task)} "
                   f"{_input_note(arguments)}")
        return Verdict(False)
    verdict = _compare(exercise, task, points, np.asarray(got, dtype=float), who)
    if verdict and task.no_warnings and warned:
        print(f"✗ {exercise}: right values, but NumPy warned: {warned[0]} at {task.variable} = "
              f"{format_number(_first_warning_at(answer, points))}. The prompt asks for no warning. "
              f"Hint: {task.hint}")
        return Verdict(False)
    used = ruled_out_names_used(answer, task.forbidden) if verdict and task.forbidden else []
    if used:
        print(f"✗ {exercise}: right values, but {who} uses {', '.join(used)}, which the prompt rules out. "
              f"Hint: {task.hint}")
        return Verdict(False)
    failure = task.resource_test(answer) if verdict and task.resource_test else None
    if failure:
        print(f"✗ {exercise}: right values, but {failure.format(who=who)} Hint: {task.hint}")
        return Verdict(False)
    if verdict:
        print(f"✓ {exercise}: {'the worked solution is ' if worked_solution else ''}correct at all "
              f"{_cases(task, points, got)}.")
    return verdict


def _tolerance_note(task) -> str:
    """What "right" means, from the tolerances the checker uses, unless the prompt defines it itself."""
    prompt = task.prompt.lower()
    if "within" in prompt or "right means" in prompt:
        return ""
    def short(value):
        return f"{value:.0e}".replace("e-0", "e-")
    if task.rtol == 0:
        bound = short(task.atol)
    elif task.atol == 0:
        bound = f"a relative {short(task.rtol)}"
    else:
        bound = f"{short(task.atol)} + {short(task.rtol)}·|answer|"
    return f" Right means within {bound} at every test point."


def _input_note(arguments) -> str:
    if len(arguments) == 1 and arguments[0].ndim == 1:
        return _INPUT_NOTE.format(n=arguments[0].size)
    shapes = " and ".join(f"a NumPy array of shape {a.shape}" for a in arguments)
    return f"Your function gets {shapes}."


_INPUT_NOTE = ("Your function gets one NumPy array of {n} inputs and returns one array of the same "
               "shape, so use NumPy operations on the whole array (np.where, not `if`).")


def _cases(task, points: np.ndarray, got) -> str:
    """How many test cases a right answer passed (its shape is the reference's, so its size counts the entries)."""
    if task.cases == "points":
        return f"{points.shape[0]} points"
    return f"{points.shape[0]} {task.cases} ({np.asarray(got).size} entries)"


def run_answer(answer, *arguments):
    """``answer(*arguments)`` and the messages of the warnings it raised (NumPy's defaults: underflow is silent)."""
    if answer is None:
        return None, []
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        got = answer(*(a.copy() for a in arguments))
    return got, [str(w.message) for w in caught]


def _first_warning_at(answer, x) -> float:
    for value in x:
        if run_answer(answer, np.array([value]))[1]:
            return float(value)
    return float("nan")


def ruled_out_names_used(answer, forbidden) -> list[str]:
    """The entries of ``forbidden`` that ``answer``'s code uses, in the order given.

    An entry is a name the code looks up (``"maximum"`` catches ``np.maximum``,
    ``"abs"`` both ``abs`` and ``np.abs``) or ``"comparison"`` for the operators
    ``<``, ``<=``, ``==``, ``!=``, ``>``, ``>=``.  Nested functions and lambdas are
    read, and so are the functions of the same module (the notebook) that the
    answer calls by name.  This reads the code, it does not run it.

    Examples
    --------
    >>> ruled_out_names_used(lambda x: np.maximum(x, 0) + (x > 0), ("where", "maximum", "comparison"))
    ['maximum', 'comparison']
    """
    names, compares = set(), False
    seen, todo = set(), [getattr(answer, "__code__", None)]
    scope = getattr(answer, "__globals__", {})
    module = getattr(answer, "__module__", None)
    while todo:
        code = todo.pop()
        if code is None or code in seen:
            continue
        seen.add(code)
        names.update(code.co_names)
        compares |= any(op.opname == "COMPARE_OP" for op in dis.get_instructions(code))
        todo.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
        for name in code.co_names:
            helper = scope.get(name)
            if isinstance(helper, types.FunctionType) and helper.__module__ == module:
                todo.append(helper.__code__)
    return [entry for entry in forbidden if (compares if entry == "comparison" else entry in names)]


def is_stub(answer) -> bool:
    """True for a function whose whole body is ``return None`` (what an exercise cell ships)."""
    code = getattr(answer, "__code__", None)
    if code is None:
        return False
    return (not code.co_names and len(code.co_varnames) == code.co_argcount
            and all(c is None or isinstance(c, str) for c in code.co_consts))


def _explain(error: Exception, variable: str = "x", forbidden=()) -> str:
    if "truth value of an array" not in str(error):
        return ""
    why = f". The input {variable} is a NumPy array of many points, so `if {variable} > 0:` cannot decide"
    if "where" in forbidden or "comparison" in forbidden:
        return (f"{why}, and this exercise rules out where and comparisons anyway: build the answer from the "
                f"functions the prompt allows, applied to the whole array.")
    return f"{why}: use np.where(condition, a, b), or arithmetic with the comparison (1.0 * ({variable} > 0))."


def _compare(exercise: str, task, points, got, who: str) -> Verdict:
    with np.errstate(all="ignore"):
        expected = np.asarray(task.expected(points), dtype=float)
    if got.shape != expected.shape:
        wanted = (f"{expected.size} values (one per {task.variable})" if expected.ndim == 1
                  else f"an array of shape {expected.shape}")
        print(f"✗ {exercise}: expected {wanted}, {who} returned shape {got.shape}.")
        return Verdict(False)
    with np.errstate(all="ignore"):
        gap = np.abs(got - expected)
        bad = ~(gap <= task.atol + task.rtol * np.abs(expected))
    if not bad.any():
        return Verdict(True)
    worst = np.unravel_index(int(np.nanargmax(np.where(bad, np.nan_to_num(gap, nan=np.inf), -1.0))), bad.shape)
    where = (task.locate(points, worst) if task.locate
             else f"At {task.variable} = {format_number(points[worst])} the answer")
    counted = "points" if expected.ndim == 1 else "entries"
    print(f"✗ {exercise}: not yet. {where} is {format_number(expected[worst])}, {who} gives "
          f"{format_number(got[worst])} ({int(bad.sum())} of {bad.size} {counted} differ). Hint: {task.hint}")
    return Verdict(False)
