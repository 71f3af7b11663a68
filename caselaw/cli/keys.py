"""`caselaw keys create|revoke|list`: API keys for the API's write operations."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from caselaw.cli.app import app, context_store, out
from caselaw.store.keys import ROLES, KeyStore

keys_app = typer.Typer(help="API keys (writes need one; reads are public).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def create_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Who holds the key, e.g. 'ESCR-Net secretariat: A. Editor'.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
) -> None:
    """Create a key and print it once (only its hash is stored)."""
    with context_store(ctx) as store:
        key, secret = KeyStore(store).create(name, role)
    out.print(f"created key {key.key_id} ({key.role}) for {key.name}", highlight=False)
    out.print("the key (shown only now):", highlight=False)
    out.print(secret, highlight=False, soft_wrap=True)


@keys_app.command("revoke")
def revoke_command(
    ctx: typer.Context, key_id: Annotated[str, typer.Argument(help="The key's id (second part of the key).")]
) -> None:
    """Revoke a key at once."""
    with context_store(ctx) as store:
        key = KeyStore(store).revoke(key_id)
    out.print(f"revoked key {key.key_id} ({key.name}) at {key.revoked_at:%Y-%m-%d %H:%M} UTC", highlight=False)


@keys_app.command("list")
def list_command(ctx: typer.Context) -> None:
    """List keys (never their secrets)."""
    with context_store(ctx) as store:
        keys = KeyStore(store).list()
    table = Table()
    # Only the name may wrap: ids and dates split over two lines are misread (and ids are copied from here).
    table.add_column("id", no_wrap=True)
    table.add_column("name")
    for column in ("role", "created", "last used", "revoked"):
        table.add_column(column, no_wrap=True)
    for key in keys:
        table.add_row(
            key.key_id,
            key.name,
            key.role,
            f"{key.created_at:%Y-%m-%d}",
            f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "",
            f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
        )
    out.print(table)
