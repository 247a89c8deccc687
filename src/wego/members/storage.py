"""Where private uploads live: beside the media folder, never under a URL the web server serves.

Files here are read only through views that check permission (the mayor's letters).
`WEGO_PRIVATE_ROOT` is not a setting of its own: the folder is `<MEDIA_ROOT>/../private`
unless settings define PRIVATE_ROOT.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_root() -> Path:
    configured = getattr(settings, "PRIVATE_ROOT", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).resolve().parent / "private"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage with no base URL, rooted outside MEDIA_ROOT (read at each use)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]
        return str(private_root())

    @property
    def location(self):  # type: ignore[override]
        return str(private_root())

    def url(self, name):
        raise ValueError("private files have no URL; serve them through a permission-checked view")
