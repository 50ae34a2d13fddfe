"""Driving lessons in the browser: network guard, console capture, sliders, pixels."""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import numpy as np
from PIL import Image

import activations as act

#: Voilà's page asks a CDN for the Font Awesome icon font; lessons use no icons, so it is
#: blocked like every other outside request, but not counted as a failure.
VOILA_ICON_FONT = re.compile(r"^https://cdn\.jsdelivr\.net/npm/@fortawesome/fontawesome-free@")
READOUT = re.compile(r"x₀ = (\S+)\s+·\s+f\(x₀\) = (\S+)\s+·\s+f′\(x₀\) = slope of the tangent = (\S+)")


@dataclass
class PageLog:
    """Requests to other hosts and console errors seen by one page."""

    external: list[str] = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def open_page(browser, tolerate=None):
    """A fresh context and page that refuses every request not to 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    log = PageLog()

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
            return
        (log.tolerated if tolerate is not None and tolerate.match(url) else log.external).append(url)
        route.abort()

    context.route("**/*", guard)
    page = context.new_page()

    def on_console(message):
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and (
                not source or any(url.startswith(source) or source.startswith(url)
                                  for url in log.tolerated)):
            return          # the refused icon font, already recorded in log.tolerated
        log.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.console_errors.append(f"uncaught: {error}"))
    return context, page, log


def canvas_of(explorer):
    """The visible drawing canvas of an ipympl figure inside ``explorer``."""
    return explorer.locator(".jupyter-matplotlib-canvas-div canvas").first


def pixels(locator) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(locator.screenshot())).convert("RGB"))


def assert_not_blank(image: np.ndarray, what: str) -> None:
    colours = np.unique(image.reshape(-1, 3), axis=0)
    inked = np.mean(np.any(image < 200, axis=2))
    assert len(colours) > 20 and inked > 0.01, f"{what} looks blank ({len(colours)} colours)"


def wait_for_canvas(explorer, timeout: float = 60.0) -> None:
    explorer.scroll_into_view_if_needed()
    explorer.page.wait_for_function(
        "el => [...el.querySelectorAll('.jupyter-matplotlib-canvas-div canvas')].some(c => c.width > 0)",
        arg=explorer.element_handle(), timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:       # the first frame arrives after the size
        image = pixels(canvas_of(explorer))
        if len(np.unique(image.reshape(-1, 3), axis=0)) > 20:
            return
        time.sleep(0.2)


def wait_until_changed(read, before, timeout: float = 15.0, what: str = "value"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = read()
        if not _same(now, before):
            return now
        time.sleep(0.1)
    raise AssertionError(f"{what} did not change within {timeout} s")


def wait_until_settled(read, quiet: float = 1.0, timeout: float = 15.0, what: str = "value"):
    """Wait until ``read()`` has not changed for ``quiet`` seconds: the last frame has arrived."""
    deadline = time.monotonic() + timeout
    last, since = read(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = read()
        if not _same(now, last):
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return now
    raise AssertionError(f"{what} still changing after {timeout} s")


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and bool(np.array_equal(a, b))
    return a == b


@dataclass
class Control:
    """One interactive control of an explorer, as the browser shows it."""

    kind: str            # "slider", "toggle" or "checkbox"
    label: str
    element: object

    def readout(self) -> str:
        if self.kind == "slider":
            return self.element.locator(".widget-readout").first.inner_text()
        if self.kind == "toggle":
            return self.element.locator("button.mod-active").first.inner_text()
        return str(self.element.locator("input").first.is_checked())


def controls_of(explorer) -> list[Control]:
    found = []
    for element in explorer.locator(".widget-slider").all():
        found.append(Control("slider", _label(element), element))
    for element in explorer.locator(".widget-toggle-buttons").all():
        found.append(Control("toggle", _label(element), element))
    for element in explorer.locator(".widget-checkbox").all():
        found.append(Control("checkbox", element.inner_text().strip(), element))
    return found


def _label(element) -> str:
    label = element.locator(".widget-label").first
    return label.inner_text().strip() if label.count() else ""


def press_key(control: Control) -> None:
    """Move a slider one step with the keyboard (right, or left at the top end)."""
    handle = control.element.locator(".noUi-handle").first
    handle.focus()
    now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    handle.press("ArrowLeft" if now >= top else "ArrowRight")


def drag(control: Control, page) -> None:
    """Drag a slider's handle by about a quarter of the track with the mouse."""
    handle = control.element.locator(".noUi-handle").first
    # mid-page, not at the top edge where Notebook 7's fixed toolbar would take the mouse
    handle.evaluate("e => e.scrollIntoView({block: 'center'})")
    track = control.element.locator(".noUi-base").first.bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    room_right = track["x"] + track["width"] - x
    target = x + track["width"] / 4 if room_right > track["width"] / 4 else x - track["width"] / 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(target, y, steps=8)
    page.mouse.up()


def operate(control: Control, page, how: str) -> None:
    if control.kind == "slider":
        (press_key if how == "keyboard" else lambda c: drag(c, page))(control)
    elif control.kind == "toggle":
        control.element.locator("button:not(.mod-active)").first.click()
    else:
        control.element.locator("input").first.click()


def activation_of(explorer) -> str | None:
    """The registry name of a function/derivative explorer (from its CSS class)."""
    classes = (explorer.get_attribute("class") or "").split()
    names = [c.removeprefix("explorer-") for c in classes if c.startswith("explorer-")]
    return next((n for n in names if n in act.ACTIVATIONS and n != "softmax"), None)


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def assert_readout_matches_module(explorer, name: str) -> None:
    """The tangent readout must equal the module's f(x₀) and f′(x₀) for the shown parameters."""
    text = explorer.locator(".widget-html").filter(has_text="f(x₀)").first.inner_text()
    match = READOUT.search(text)
    assert match, f"no tangent readout in {text!r}"
    x0, f0, slope = (_number(g) for g in match.groups())
    params = {}
    entry = act.ACTIVATIONS[name]
    for control in controls_of(explorer):
        param = next((p for p in entry.plot_parameters if p.name == control.label), None)
        if param is not None:
            value = control.readout()
            params[param.name] = value if param.is_choice else type(param.default)(_number(value))
    expected_f, expected_slope = float(entry.f(x0, **params)), float(entry.df(x0, **params))
    f_text, slope_text = match.group(2), match.group(3)
    assert abs(f0 - expected_f) <= _half_last_digit(f_text), (name, params, x0, f_text, expected_f)
    assert abs(slope - expected_slope) <= _half_last_digit(slope_text), (name, params, x0, slope_text, expected_slope)


def _half_last_digit(text: str) -> float:
    """Half a unit in the last digit shown: the most a correctly rounded readout can differ by."""
    mantissa, _, exponent = text.replace("−", "-").lower().partition("e")
    if float(mantissa) == 0:
        return 0.0                  # %g shows any non-zero value with its exponent
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals) * (1 + 1e-9)


def error_messages(explorer) -> list[str]:
    return [t for t in explorer.locator(".widget-html").all_inner_texts() if "Could not update" in t]
