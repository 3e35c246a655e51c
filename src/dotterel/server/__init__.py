"""dotterel's HTTP API and web explorer (``dotterel serve``).

:func:`create_app` builds the ASGI app over an open :class:`~dotterel.store.EventStore`; every
error it sends has one JSON shape (:mod:`.errors`); writing is off unless a bearer token is
configured (:mod:`.writes`). The explorer's front end is built from ``web/`` into
``static/dist/`` by ``make setup``.
"""

from __future__ import annotations

from .app import LOCAL_HOSTS, create_app, dist_dir
from .errors import error_body

__all__ = ["LOCAL_HOSTS", "create_app", "dist_dir", "error_body"]
