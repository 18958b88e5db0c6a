-- Settings an administrator changes while Loket runs (the priority matrix),
-- each a JSON value under a key, versioned and journaled like a record.
CREATE TABLE settings (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	key TEXT NOT NULL UNIQUE,
	value TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL
);
