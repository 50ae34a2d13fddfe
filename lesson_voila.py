"""Voilà support for the lessons: images in ``../assets`` render in Voilà as on GitHub.

Voilà inlines markdown images by looking them up relative to its root folder,
not to the notebook, so ``../assets/sigmoid.png`` (right for JupyterLab,
GitHub and nbviewer) is "outside the root" and the whole page fails.  With
Voilà started at the repository root this renderer resolves image paths
relative to ``notebooks/`` first.  Enable it with::

    voila .        # the project's voila.json sets it
"""

from __future__ import annotations

import mimetypes
import posixpath
import re

from voila.exporter import VoilaMarkdownRenderer

NOTEBOOK_FOLDER = "notebooks"


class LessonMarkdownRenderer(VoilaMarkdownRenderer):
    """Inline local images, resolving their paths from the lessons' folder."""

    def image(self, text: str, url: str, title: str | None = None):
        if re.match(r"^[a-z][a-z0-9+.-]*:", url):            # http:, data:, ... : leave alone
            return super(VoilaMarkdownRenderer, self).image(text, url, title)
        path = posixpath.normpath(posixpath.join(NOTEBOOK_FOLDER, url))
        if path.startswith("..") or not self.contents_manager.file_exists(path):
            return super(VoilaMarkdownRenderer, self).image(text, url, title)
        data = self.contents_manager.get(path, format="base64")["content"].replace("\n", "")
        mime_type, _ = mimetypes.guess_type(path)
        return super(VoilaMarkdownRenderer, self).image(text, f"data:{mime_type};base64,{data}", title)
