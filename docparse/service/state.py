"""One running service: its settings, its parse pool and its library."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field

from fastapi import Request

from docparse.service.config import ServiceConfig
from docparse.service.library import LibraryGateway
from docparse.service.pool import ParsePool

log = logging.getLogger("docparse.service")
STALE_UPLOAD_S = 24 * 3600  # older scratch files are left over from a crash


@dataclass
class Service:
    config: ServiceConfig
    pool: ParsePool = field(init=False)
    library: LibraryGateway = field(init=False)

    def __post_init__(self) -> None:
        self.pool = ParsePool(
            self.config.workers, str(self.config.tmp), entities=self.config.entities
        )
        self.library = LibraryGateway(self.config.database)

    async def start(self) -> None:
        self.config.make_dirs()
        _clean_tmp(self.config)
        await self.library.open()
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()
        await self.library.close()


def _clean_tmp(config: ServiceConfig) -> None:
    # Only old files: another service may share the folder and be receiving uploads.
    now = time.time()
    for path in config.tmp.iterdir():
        try:
            if path.is_file() and now - path.stat().st_mtime > STALE_UPLOAD_S:
                os.unlink(path)
        except OSError as exc:  # pragma: no cover - a file removed meanwhile
            log.debug("cannot remove %s: %s", path, exc)


def get_service(request: Request) -> Service:
    """FastAPI dependency: the service of the app that received the request."""
    service: Service = request.app.state.service
    return service
