-- Catalogue module: background CSV import jobs (SQLite). Generated from the EF model with 'schema-script sqlite'.

CREATE TABLE "catalog_import_jobs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_catalog_import_jobs" PRIMARY KEY AUTOINCREMENT,
    "status" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_department_id" INTEGER NULL,
    "actor_is_admin" INTEGER NOT NULL,
    "target_department_id" INTEGER NULL,
    "publish" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "total_rows" INTEGER NOT NULL,
    "validated_rows" INTEGER NOT NULL,
    "imported_rows" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "errors_json" TEXT NOT NULL,
    "message" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "started_at" INTEGER NULL,
    "finished_at" INTEGER NULL
);

CREATE INDEX "ix_catalog_import_jobs_status_id" ON "catalog_import_jobs" ("status", "id");
