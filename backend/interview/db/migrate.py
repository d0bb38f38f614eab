"""Applies Piccolo migrations from `migrations/` programmatically."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards


async def migrate_forwards() -> None:
    """Apply every pending migration; raise if one fails."""
    response = await run_forwards(app_name="interview", migration_id="all", fake=False)
    if not response.success:
        raise RuntimeError(f"migrations failed: {response.message}")
