-- The audit log, figure revisions and uploads are the record of what happened: the app may only
-- append to them. These triggers make that true even for code that tries otherwise.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER figure_revisions_no_update BEFORE UPDATE ON figure_revisions
BEGIN
	SELECT RAISE(ABORT, 'figure revisions are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER figure_revisions_no_delete BEFORE DELETE ON figure_revisions
BEGIN
	SELECT RAISE(ABORT, 'figure revisions are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER uploads_no_update BEFORE UPDATE ON uploads
BEGIN
	SELECT RAISE(ABORT, 'uploads are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER uploads_no_delete BEFORE DELETE ON uploads
BEGIN
	SELECT RAISE(ABORT, 'uploads are append-only');
END;
