"""``dotterel serve``: the HTTP API and web explorer over a store, on 127.0.0.1 by default."""

from __future__ import annotations

import click

__all__ = ["serve"]


@click.command()
@click.option(
    "--db",
    "db_path",
    default="dotterel.duckdb",
    show_default=True,
    help="The store to serve (see `dotterel ingest`).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind; 0.0.0.0 exposes it to the network.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port (0: any free one).",
)
@click.option(
    "--token",
    envvar="DOTTEREL_TOKEN",
    default=None,
    help="Switch writing on: POST /api/articles then needs 'Authorization: Bearer TOKEN'. "
    "Prefer the DOTTEREL_TOKEN environment variable, which other users cannot see in `ps`.",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
def serve(db_path: str, host: str, port: int, token: str | None, log_level: str) -> None:
    """Serve the API (/api, /openapi.json) and the web explorer (/) for the store --db.

    Without --token the store is opened read-only and nothing can be written over HTTP.
    """
    import uvicorn

    from ..server import LOCAL_HOSTS, create_app
    from ..store import EventStore

    store = EventStore(db_path, read_only=not token)
    local = host in LOCAL_HOSTS
    allowed = LOCAL_HOSTS if local else (None if host in ("0.0.0.0", "::") else LOCAL_HOSTS | {host})
    try:
        app = create_app(store, token=token, allowed_hosts=allowed)
        config = uvicorn.Config(
            app, host=host, port=port, log_level=log_level, access_log=log_level == "debug"
        )
        server = uvicorn.Server(config)

        shown = f"[{host}]" if ":" in host else host
        click.echo(
            f"dotterel: serving {db_path} on http://{shown}:{port}/ (API: /api, spec: /openapi.json; "
            f"writing {'on' if token else 'off'}); Ctrl-C stops",
            err=True,
        )
        server.run()
    finally:
        store.close()
