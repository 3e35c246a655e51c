"""``dotterel serve``: the HTTP API and web explorer over a store, on 127.0.0.1 by default."""

from __future__ import annotations

import socket

import click

from ..errors import ConfigError

__all__ = ["serve"]


def _check_port(host: str, port: int) -> None:
    """Fail with one line, before opening the store, when the port cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror}): pick another --port"
            ) from None


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
    type=click.IntRange(1, 65535),
    help="TCP port.",
)
@click.option(
    "--token",
    envvar="DOTTEREL_TOKEN",
    default=None,
    help="Switch writing on: POST /api/articles then needs 'Authorization: Bearer TOKEN'. "
    "Prefer the DOTTEREL_TOKEN environment variable, which other users cannot see in `ps`.",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Keep answers of a read-only store in memory (--no-cache: ask the store each time, for benchmarks).",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
def serve(db_path: str, host: str, port: int, token: str | None, cache: bool, log_level: str) -> None:
    """Serve the API (/api, /openapi.json) and the web explorer (/) for the store --db.

    Without --token the store is opened read-only and nothing can be written over HTTP.
    """
    import uvicorn

    from ..server import LOCAL_HOSTS, create_app, dist_dir
    from ..server.protocol import JSONErrorH11Protocol
    from ..store import EventStore

    _check_port(host, port)
    store = EventStore(db_path, read_only=not token)
    local = host in LOCAL_HOSTS
    allowed = LOCAL_HOSTS if local else (None if host in ("0.0.0.0", "::") else LOCAL_HOSTS | {host})
    app = None
    try:
        app = create_app(store, token=token, allowed_hosts=allowed, cache=cache)
        app.state.access.warm_up()
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level=log_level,
            access_log=log_level == "debug",
            http=JSONErrorH11Protocol,  # uvicorn's own 400s in the JSON error shape (issue 17)
        )
        server = uvicorn.Server(config)

        shown = f"[{host}]" if ":" in host else host
        click.echo(
            f"dotterel: serving {db_path} on http://{shown}:{port}/ (API: /api, spec: /openapi.json; "
            f"writing {'on' if token else 'off'}); Ctrl-C stops",
            err=True,
        )
        if not (dist_dir() / "explorer.js").is_file():
            click.echo("Warning: the web explorer is not built (run `make setup`); the API works", err=True)
        if not local:
            click.echo(
                "Warning: reachable from the network; reads need no token and there is no TLS", err=True
            )
        server.run()
    finally:
        if app is not None:
            app.state.access.close()
        store.close()
