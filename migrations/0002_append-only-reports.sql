-- Commentary (every save a new version) and issued board reports (the figures as the board saw
-- them) are a record too: the app may only append to them.
CREATE TRIGGER commentary_no_update BEFORE UPDATE ON commentary
BEGIN
	SELECT RAISE(ABORT, 'commentary is append-only: save a new version');
END;
--> statement-breakpoint
CREATE TRIGGER commentary_no_delete BEFORE DELETE ON commentary
BEGIN
	SELECT RAISE(ABORT, 'commentary is append-only: save a new version');
END;
--> statement-breakpoint
CREATE TRIGGER board_reports_no_update BEFORE UPDATE ON board_reports
BEGIN
	SELECT RAISE(ABORT, 'an issued board report cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER board_reports_no_delete BEFORE DELETE ON board_reports
BEGIN
	SELECT RAISE(ABORT, 'an issued board report cannot be changed');
END;
