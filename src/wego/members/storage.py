"""Where private uploads live: `<MEDIA_ROOT>/private`, never under a URL.

Nothing under MEDIA_ROOT is served by URL (not even in development): every uploaded file is
read through a view that checks permission (the mayor's letters, meeting documents, award
attachments, evidence). Keeping them all under the one media folder means one folder to
back up (`wego backup`) and to share between application servers.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve() / "private"


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
