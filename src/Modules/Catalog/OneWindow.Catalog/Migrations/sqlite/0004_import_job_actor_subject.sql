-- Import jobs keep the submitter's subject ("staff:12") for the audit entry, beside the name the job page shows.

ALTER TABLE "catalog_import_jobs" ADD COLUMN "actor_subject" TEXT NOT NULL DEFAULT '';
