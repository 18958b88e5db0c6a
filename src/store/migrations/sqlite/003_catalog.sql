-- The service catalogue: items people request, with a form, an optional
-- approval and the fulfilment tasks that follow.

CREATE TABLE catalog_items (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL DEFAULT '',
	category_id INTEGER REFERENCES categories(id),
	form TEXT NOT NULL DEFAULT '[]',
	approval TEXT NOT NULL DEFAULT 'none',
	tasks TEXT NOT NULL DEFAULT '[]',
	active INTEGER NOT NULL DEFAULT 1,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE catalog_item_approvers (
	item_id INTEGER NOT NULL REFERENCES catalog_items(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (item_id, user_id)
);

-- What was asked for: the item and the form's values, as JSON.
CREATE TABLE ticket_requests (
	ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
	item_id INTEGER NOT NULL REFERENCES catalog_items(id),
	form_values TEXT NOT NULL
);

CREATE TABLE ticket_approvals (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	approver_id INTEGER NOT NULL REFERENCES users(id),
	decision TEXT,
	comment TEXT,
	decided_at INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX ticket_approvals_ticket ON ticket_approvals(ticket_id, id);
CREATE INDEX ticket_approvals_approver ON ticket_approvals(approver_id, decision);

CREATE TABLE ticket_tasks (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	title TEXT NOT NULL,
	group_id INTEGER REFERENCES assignment_groups(id),
	assignee_id INTEGER REFERENCES users(id),
	status TEXT NOT NULL DEFAULT 'open',
	done_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX ticket_tasks_ticket ON ticket_tasks(ticket_id, id);
CREATE INDEX ticket_tasks_group ON ticket_tasks(group_id, status);
