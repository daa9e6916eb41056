"""The workspace's storage: canvases kept as YAML text with every version,
in SQLite (embedded default) or PostgreSQL (a team), behind one small
repository (:mod:`.repository`) that the app, the HTTP API and the CLI call.
No other module writes SQL."""
