"""Images on the public site, opened with Pillow and read for every text they carry.

A photo's EXIF can name who took it and who is in it, a PNG can carry text
chunks, a JPEG or GIF a comment: all are read, with any run of plain text in
the file's bytes (metadata the library does not know, text appended after the
image). What an image shows in its pixels, a name on a whiteboard, the guard
cannot read.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"})
PLAIN_RUN = re.compile(rb"[\x20-\x7e\t\n]{3,}")


def image_texts(path: Path) -> list[str] | None:
    """Every text the image at ``path`` carries; None when it is not an image Pillow can open."""
    try:
        with Image.open(path) as image:
            image.load()
            values = [*image.info.values(), *image.getexif().values(), *(data for _, data in getattr(image, "applist", []))]
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
    texts = [value for value in values if isinstance(value, str)]
    for value in values:
        if isinstance(value, bytes):
            texts += [value.decode("utf-8", "replace"), value.decode("utf-16-le", "replace")]
    return [*texts, "\n".join(run.decode("ascii") for run in PLAIN_RUN.findall(path.read_bytes()))]
