"""Alembic's entry point: migrations run on the connection :func:`positioning.store.db.upgrade` hands over."""

from __future__ import annotations

from alembic import context

from positioning.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through positioning.store.db.upgrade (or `positioning db upgrade`)")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
