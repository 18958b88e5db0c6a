-- A file may belong to a reply or note; it is then as visible as the reply.
ALTER TABLE ticket_attachments ADD COLUMN comment_id INTEGER REFERENCES ticket_comments(id);
