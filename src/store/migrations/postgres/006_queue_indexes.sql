-- The built-in "Open P1/P2" queue counts open tickets by priority; without
-- this index a million-ticket desk looked up every ticket of that priority,
-- closed ones included.
CREATE INDEX tickets_status_priority ON tickets(status, priority, id);
