"""Voilà for the lessons (``make present``): the repository root served, a lesson as the start page.

``python -m lesson_voila [voila options] .`` runs Voilà on the repository
root, so every lesson's images (``../assets/…``) and links to other lessons
(``04-leaky-relu.ipynb``, served as ``/voila/render/notebooks/…``) resolve
as they do on GitHub and in JupyterLab.  Two things differ from plain
``voila .``:

* ``/`` opens :attr:`LessonVoila.start_page` (the overview unless
  ``--LessonVoila.start_page=notebooks/03-relu.ipynb``); the folder listing stays
  at ``/voila/tree``.
* leaving a lesson shuts its kernel down (:class:`LessonPageHandler`).
* the page template is ``presenter`` from ``share/jupyter/voila/templates``
  in this repository: big text and sliders for a projector, and no request to
  a CDN (Voilà's own page asks one for an icon font it already serves itself).

The project's ``voila.json`` (read from the folder Voilà is started in) sets
:class:`LessonMarkdownRenderer`, which puts the lessons' images into the page.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import re
import sys
from pathlib import Path

from tornado.web import RedirectHandler, authenticated
from traitlets import Unicode
from voila.app import Voila
from voila.exporter import VoilaMarkdownRenderer
from voila.tornado.handler import TornadoVoilaHandler

NOTEBOOK_FOLDER = "notebooks"
#: Jupyter data folder of this repository: holds the ``presenter`` Voilà template
DATA_FOLDER = Path(__file__).resolve().parent / "share" / "jupyter"


class LessonMarkdownRenderer(VoilaMarkdownRenderer):
    """Inline local images, resolving their paths from the lessons' folder.

    Voilà inlines markdown images by looking them up relative to its root
    folder, not to the notebook, so ``../assets/sigmoid.png`` (right for
    JupyterLab, GitHub and nbviewer) would be "outside the root".  With Voilà
    serving the repository root, this resolves image paths relative to
    ``notebooks/`` first.
    """

    def image(self, text: str, url: str, title: str | None = None):
        if re.match(r"^[a-z][a-z0-9+.-]*:", url):            # http:, data:, ... : leave alone
            return super(VoilaMarkdownRenderer, self).image(text, url, title)
        path = posixpath.normpath(posixpath.join(NOTEBOOK_FOLDER, url))
        if path.startswith("..") or not self.contents_manager.file_exists(path):
            return super(VoilaMarkdownRenderer, self).image(text, url, title)
        data = self.contents_manager.get(path, format="base64")["content"].replace("\n", "")
        mime_type, _ = mimetypes.guess_type(path)
        return super(VoilaMarkdownRenderer, self).image(text, f"data:{mime_type};base64,{data}", title)


class LessonPageHandler(TornadoVoilaHandler):
    """Voilà's page handler, which also sets the ``_xsrf`` cookie.

    When a page is left (the link to the next lesson), Voilà's page asks the
    server to shut its kernel down, sending the ``_xsrf`` cookie as the form
    field the server checks; Voilà 0.5.13 never sets that cookie, so the
    request is refused (403) and every lesson visited keeps its kernel.
    """

    @authenticated
    async def get(self, path=None):
        self.xsrf_token          # noqa: B018  (reading it sets the cookie)
        await super().get(path)


class LessonVoila(Voila):
    """Voilà serving a folder whose ``/`` opens one notebook instead of the folder listing."""

    start_page = Unicode(f"{NOTEBOOK_FOLDER}/00-overview.ipynb", config=True,
                    help="Notebook (relative to the served folder) that / and the browser open.")

    def initialize(self, argv=None):
        # the presenter template is found through the Jupyter data path, as installed templates are
        paths = [str(DATA_FOLDER), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
        os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
        argv = sys.argv[1:] if argv is None else argv
        super().initialize(["--template=presenter", *argv])     # a --template given later wins

    def init_handlers(self):
        handlers = [(pattern, LessonPageHandler if handler is TornadoVoilaHandler else handler, *rest)
                    for pattern, handler, *rest in super().init_handlers()]
        if self.notebook_path:              # one notebook given: Voilà shows it at /
            return handlers
        if not (Path(self.root_dir) / self.start_page).is_file():
            raise ValueError(f"LessonVoila.start_page: no notebook {self.start_page!r} in {self.root_dir}")
        target = self.server_url.rstrip("/") + "/voila/render/" + self.start_page
        return [(self.server_url, RedirectHandler, {"url": target}), *handlers]


main = LessonVoila.launch_instance

if __name__ == "__main__":
    main()
