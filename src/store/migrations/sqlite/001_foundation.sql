-- Accounts, groups, organisations, sessions, tokens and the audit journal.
-- Times are epoch milliseconds (UTC); booleans are 0/1; roles a bit set
-- (see core/roles.h). Records that can be deleted use AUTOINCREMENT so that an
-- id, its journal and its ETags never pass to a new record.

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL DEFAULT '',
	email_domain TEXT,
	share_tickets INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	language TEXT NOT NULL DEFAULT 'en',
	time_zone TEXT NOT NULL DEFAULT 'UTC',
	phone TEXT,
	location TEXT,
	manager_id INTEGER REFERENCES users(id),
	active INTEGER NOT NULL DEFAULT 1,
	leaving_date TEXT,
	roles INTEGER NOT NULL DEFAULT 1,
	organisation_id INTEGER REFERENCES organisations(id),
	password_hash TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX users_name ON users(name, id);
CREATE INDEX users_org ON users(organisation_id);
CREATE INDEX users_manager ON users(manager_id);

CREATE TABLE assignment_groups (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL DEFAULT '',
	email TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE group_members (
	group_id INTEGER NOT NULL REFERENCES assignment_groups(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id, group_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL DEFAULT '',
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL,
	address TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_address ON login_failures(address, at);

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	channel TEXT NOT NULL,
	resource TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	action TEXT NOT NULL,
	field TEXT,
	old_value TEXT,
	new_value TEXT
);
CREATE INDEX audit_record ON audit(resource, record_id, id);

-- The journal is append-only, whatever writes to the database.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit journal is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit journal is append-only'); END;
