"""Driving lessons in the browser: network guard, failed responses, images, links, sliders, pixels."""

from __future__ import annotations

import base64
import io
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import numpy as np
from PIL import Image

import activations as act

READOUT = re.compile(r"x₀ = (\S+)\s+·\s+f\(x₀\) = (\S+)\s+·\s+(?:f′\(x₀\) = slope of the tangent = (\S+)"
                     r"|no derivative here \(.*\); the convention gives f′\(0\) = ([^\s,]+))")


@dataclass
class PageLog:
    """Requests to other hosts, failed responses and console errors seen by one page."""

    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def open_page(browser, viewport=(1400, 1000)):
    """A fresh context and page that refuses every request not to 127.0.0.1 (no exception)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    log = PageLog()

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
            return
        log.external.append(url)
        route.abort()

    context.route("**/*", guard)
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            log.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.console_errors.append(f"uncaught: {error}"))
    page.on("response", lambda response: response.status >= 400
            and log.failed.append(f"{response.status} {response.request.method} {response.url}"))
    return context, page, log


#: every image on the page that has not loaded, after ``timeout``: src, alt text, natural width
BROKEN_IMAGES = """() => [...document.images]
  .filter(img => !img.complete || img.naturalWidth === 0)
  .map(img => `${(img.currentSrc || img.src).slice(0, 120)} (alt: ${img.alt})`)"""


def broken_images(page, timeout: float = 15.0) -> list[str]:
    """Images that did not load (``naturalWidth == 0``); waits up to ``timeout`` for those still loading."""
    deadline = time.monotonic() + timeout
    while True:
        broken = page.evaluate(BROKEN_IMAGES)
        if not broken or time.monotonic() > deadline:
            return broken
        time.sleep(0.5)


def image_count(page) -> int:
    return page.evaluate("() => document.images.length")


@dataclass
class LessonLink:
    text: str
    href: str            # as written in the lesson
    url: str             # as the page resolved (or rewrote) it


#: links in the lesson text to other notebooks (not #anchors, not other sites)
LESSON_LINKS = """() => [...document.querySelectorAll('.jp-RenderedMarkdown a[href], .jp-RenderedHTMLCommon a[href]')]
  .map(a => ({text: a.textContent.trim(), href: a.getAttribute('href'), url: a.href}))
  .filter(l => new URL(l.url).hostname === location.hostname && /[.]ipynb$/.test(new URL(l.url).pathname))
  .filter(l => !(new URL(l.url).pathname === location.pathname && l.href.startsWith('#')))"""


def lesson_links(page) -> list[LessonLink]:
    found = [LessonLink(**link) for link in page.evaluate(LESSON_LINKS)]
    unique = {link.url: link for link in found}
    return list(unique.values())


def assert_page_loaded_cleanly(page, log: PageLog) -> None:
    """No request off 127.0.0.1, no 4xx/5xx response, every image loaded, no console error."""
    assert log.external == [], f"requests to other hosts: {log.external}"
    assert log.failed == [], f"failed responses: {log.failed}"
    broken = broken_images(page)
    assert broken == [], f"images that did not load: {broken}"


def canvas_of(explorer):
    """The visible drawing canvas of an ipympl figure inside ``explorer``."""
    return explorer.locator(".jupyter-matplotlib-canvas-div canvas").first


def pixels(locator) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(locator.screenshot())).convert("RGB"))


def canvas_pixels(locator) -> np.ndarray:
    """The drawing canvas's own pixels (RGB), read in the page: exactly what was drawn on it."""
    url = locator.evaluate("c => c.toDataURL('image/png')")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB"))


#: the canvas's size and a 32-bit FNV-1a hash of its pixels, computed in the page: whether the
#: picture changed, without a screenshot taken, encoded and decoded per look
CANVAS_FINGERPRINT = """c => {
  const data = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
  let hash = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i], 0x01000193);
  return [c.width, c.height, hash >>> 0];
}"""


def canvas_fingerprint(locator) -> tuple[int, int, int]:
    """Width, height and a hash of what is drawn on the canvas: equal only if the picture is."""
    return tuple(locator.evaluate(CANVAS_FINGERPRINT))


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
    return [control for control in found if control.element.is_visible()]   # hidden: e.g. unticked curves


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


def fast_drag(control: Control, page, sweeps: int = 4, steps: int = 60) -> None:
    """Drag a slider's handle across most of its track and back, ``sweeps`` times, without pausing:
    far more slider events than frames can be drawn."""
    handle = control.element.locator(".noUi-handle").first
    handle.evaluate("e => e.scrollIntoView({block: 'center'})")
    track = control.element.locator(".noUi-base").first.bounding_box()
    box = handle.bounding_box()
    y = box["y"] + box["height"] / 2
    left, right = track["x"] + 0.1 * track["width"], track["x"] + 0.9 * track["width"]
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    for sweep in range(sweeps):
        page.mouse.move(right if sweep % 2 == 0 else left, y, steps=steps)
    page.mouse.move((left + 2 * right) / 3, y, steps=steps // 2)
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
    x_text, f_text, slope_text = match.group(1), match.group(2), match.group(3) or match.group(4)
    x0, f0, slope = _number(x_text), _number(f_text), _number(slope_text)
    params = {}
    entry = act.ACTIVATIONS[name]
    for control in controls_of(explorer):
        param = next((p for p in entry.plot_parameters if p.name == control.label), None)
        if param is not None:
            value = control.readout()
            params[param.name] = value if param.is_choice else type(param.default)(_number(value))
    expected_f, expected_slope = float(entry.f(x0, **params)), float(entry.df(x0, **params))
    assert abs(f0 - expected_f) <= _half_last_digit(f_text), (name, params, x0, f_text, expected_f)
    assert abs(slope - expected_slope) <= _half_last_digit(slope_text), (name, params, x0, slope_text, expected_slope)


def wait_for_readout_to_match_module(explorer, name: str, timeout: float = 10.0) -> None:
    """The kernel's readout arrives after the slider's own label: wait for it to equal the module's
    values (:func:`assert_readout_matches_module`), and fail with the last mismatch after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            assert_readout_matches_module(explorer, name)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _half_last_digit(text: str) -> float:
    """Half a unit in the last digit shown: the most a correctly rounded readout can differ by."""
    mantissa, _, exponent = text.replace("−", "-").lower().partition("e")
    if float(mantissa) == 0:
        return 0.0                  # %g shows any non-zero value with its exponent
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals) * (1 + 1e-9)


def error_messages(explorer) -> list[str]:
    return [t for t in explorer.locator(".widget-html").all_inner_texts() if "Could not update" in t]


#: Presenter mode at the current viewport, for one explorer scrolled to the top of the screen:
#: the parts that are off the screen, text smaller than 20 px, slider handles smaller than 24 px.
PRESENTER_PROBLEMS = """el => {
  el.scrollIntoView({block: 'start'});
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const problems = [];
  const parts = el.querySelectorAll('.widget-slider, .widget-toggle-buttons, .widget-checkbox, .widget-button, '
    + '.jupyter-matplotlib-canvas-div canvas, :scope > .widget-html');
  for (const part of [...parts].filter(visible)) {
    const r = part.getBoundingClientRect();
    if (r.top < -1 || r.left < -1 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1)
      problems.push(`${part.className || part.tagName} off the screen: ${Math.round(r.left)},${Math.round(r.top)}`
                    + ` to ${Math.round(r.right)},${Math.round(r.bottom)} in ${innerWidth}x${innerHeight}`);
  }
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !visible(parent) || parent.closest('.jupyter-matplotlib')) continue;
    const size = parseFloat(getComputedStyle(parent).fontSize);
    if (size < 20) problems.push(`text ${JSON.stringify(node.textContent.trim().slice(0, 30))} is ${size} px`);
  }
  for (const handle of [...el.querySelectorAll('.noUi-handle')].filter(visible)) {
    const r = handle.getBoundingClientRect();
    if (Math.min(r.width, r.height) < 24) problems.push(`slider handle ${r.width}x${r.height} px`);
  }
  const figure = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
  if (figure && figure.getBoundingClientRect().width < 0.6 * innerWidth)
    problems.push(`figure ${figure.getBoundingClientRect().width} px wide of ${innerWidth}`);
  return problems;
}"""

#: lesson text (paragraphs, lists, tables) smaller than 20 px
SMALL_LESSON_TEXT = """() => [...document.querySelectorAll('.jp-RenderedMarkdown :is(p, li, td, th)')]
  .filter(e => e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 20)
  .map(e => `${getComputedStyle(e).fontSize}: ${e.textContent.trim().slice(0, 40)}`)"""


def presenter_problems(explorer) -> list[str]:
    return explorer.evaluate(PRESENTER_PROBLEMS)
