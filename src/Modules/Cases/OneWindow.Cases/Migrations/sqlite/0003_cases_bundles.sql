-- Life-event bundles (一件事一次办) and the reform figures' date index (issue 5).
CREATE TABLE "cases_bundles" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_bundles" PRIMARY KEY AUTOINCREMENT,
    "number" TEXT NULL,
    "event_key" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "applicant_subject" TEXT NOT NULL,
    "submitted_by" TEXT NOT NULL,
    "applicant_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "delivered_by_department_id" INTEGER NULL,
    "state" TEXT NOT NULL,
    "answers_json" TEXT NOT NULL,
    "attachments_json" TEXT NOT NULL,
    "delivery_method" TEXT NOT NULL,
    "delivery_address" TEXT NULL,
    "tracking_number" TEXT NULL,
    "submission_key" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "submitted_at" INTEGER NULL,
    "decided_at" INTEGER NULL,
    "delivered_at" INTEGER NULL,
    "revision" INTEGER NOT NULL
);
CREATE INDEX "ix_cases_bundles_applicant_subject_id" ON "cases_bundles" ("applicant_subject", "id");
CREATE UNIQUE INDEX "ix_cases_bundles_applicant_subject_submission_key" ON "cases_bundles" ("applicant_subject", "submission_key");
CREATE INDEX "ix_cases_bundles_delivered_by_department_id_delivered_at_id" ON "cases_bundles" ("delivered_by_department_id", "delivered_at", "id");
CREATE UNIQUE INDEX "ix_cases_bundles_number" ON "cases_bundles" ("number");
CREATE INDEX "ix_cases_cases_submitted_at" ON "cases_cases" ("submitted_at");
