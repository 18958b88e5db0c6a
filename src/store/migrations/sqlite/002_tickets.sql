-- Incidents and service requests, their conversation, escalations, and the
-- full-text index over all of it.

CREATE TABLE categories (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	parent_id INTEGER REFERENCES categories(id),
	active INTEGER NOT NULL DEFAULT 1,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX categories_name ON categories(coalesce(parent_id, 0), name);

-- The next human number per prefix (INC, REQ), taken with UPDATE ... RETURNING
-- so that concurrent writers never get the same one.
CREATE TABLE ticket_counters (
	prefix TEXT PRIMARY KEY,
	next INTEGER NOT NULL
);
INSERT INTO ticket_counters (prefix, next) VALUES ('INC', 1000), ('REQ', 1000);

CREATE TABLE tickets (
	id INTEGER PRIMARY KEY,
	number TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL DEFAULT 'incident',
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'new',
	pending_reason TEXT,
	impact INTEGER NOT NULL DEFAULT 3,
	urgency INTEGER NOT NULL DEFAULT 3,
	priority INTEGER NOT NULL DEFAULT 5,
	priority_reason TEXT,
	category_id INTEGER REFERENCES categories(id),
	service TEXT,
	requester_id INTEGER NOT NULL REFERENCES users(id),
	organisation_id INTEGER REFERENCES organisations(id),
	channel TEXT NOT NULL DEFAULT 'api',
	group_id INTEGER REFERENCES assignment_groups(id),
	assignee_id INTEGER REFERENCES users(id),
	tags TEXT NOT NULL DEFAULT '',
	resolution_code TEXT,
	resolution_notes TEXT,
	reassignment_count INTEGER NOT NULL DEFAULT 0,
	escalation_count INTEGER NOT NULL DEFAULT 0,
	first_response_at INTEGER,
	resolved_at INTEGER,
	closed_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_group ON tickets(group_id, status, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, status, id);
CREATE INDEX tickets_requester ON tickets(requester_id, id);
CREATE INDEX tickets_org ON tickets(organisation_id, id);
CREATE INDEX tickets_priority ON tickets(priority, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);

CREATE TABLE ticket_watchers (
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_watchers_user ON ticket_watchers(user_id, ticket_id);

-- Configuration items a ticket concerns; the CMDB will give them a table.
CREATE TABLE ticket_cis (
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	ci_id INTEGER NOT NULL,
	PRIMARY KEY (ticket_id, ci_id)
);

CREATE TABLE ticket_comments (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	author_id INTEGER REFERENCES users(id),
	visibility TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments(ticket_id, id);

-- Links between tickets, kept in one direction: duplicate_of, caused_by,
-- related_to, parent_of. The other ticket sees the inverse.
CREATE TABLE ticket_links (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	kind TEXT NOT NULL,
	other_id INTEGER NOT NULL REFERENCES tickets(id),
	created_at INTEGER NOT NULL,
	UNIQUE (ticket_id, kind, other_id)
);
CREATE INDEX ticket_links_other ON ticket_links(other_id, kind);

CREATE TABLE ticket_escalations (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	kind TEXT NOT NULL,
	from_group_id INTEGER REFERENCES assignment_groups(id),
	to_group_id INTEGER REFERENCES assignment_groups(id),
	to_user_id INTEGER REFERENCES users(id),
	reason TEXT NOT NULL,
	actor_id INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX ticket_escalations_ticket ON ticket_escalations(ticket_id, id);

-- One row per ticket (rowid = ticket id: number, title, description) and one
-- per comment (rowid = -comment id), so either is replaced by its rowid.
-- 'internal' rows (work notes) are never searched for a requester.
CREATE VIRTUAL TABLE ticket_text USING fts5(
	body, ticket_id UNINDEXED, internal UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Saved ticket lists: a name and the query string of /api/v1/tickets.
CREATE TABLE saved_queues (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	filter TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX saved_queues_user ON saved_queues(user_id, id);

-- Files attached to tickets. The bytes are kept by their SHA-256, once
-- however often they are attached: in files under the data folder with
-- SQLite, in attachment_blobs with PostgreSQL (every node sees them, they
-- are in the same transaction and in pg_dump).
CREATE TABLE ticket_attachments (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	visibility TEXT NOT NULL,
	uploader_id INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments(ticket_id, id);
