-- Bulk postings update every touched account's earned/available points and cap usage. Neither
-- column is indexed, so with free room on the page PostgreSQL updates the row in place (HOT)
-- instead of adding entries to every index of the table (the path GiST index among them).
-- Applies to pages written from now on; `VACUUM FULL pts_accounts, pts_usage` repacks old ones.
ALTER TABLE pts_accounts SET (fillfactor = 75);--> statement-breakpoint
ALTER TABLE pts_usage SET (fillfactor = 75);
