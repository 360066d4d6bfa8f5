-- Case handling (办件): cases with their frozen form/process, materials, tasks (one per department and step),
-- history, written notices, in-app notifications, per-item form and process. Generated with 'schema-script sqlite cases'.
CREATE TABLE "cases_cases" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_cases" PRIMARY KEY AUTOINCREMENT,
    "number" TEXT NULL,
    "query_code" TEXT NULL,
    "service_item_id" INTEGER NOT NULL,
    "item_version" INTEGER NOT NULL,
    "item_name" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "department_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "applicant_subject" TEXT NOT NULL,
    "submitted_by" TEXT NOT NULL,
    "applicant_name" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "step_index" INTEGER NOT NULL,
    "form_json" TEXT NOT NULL,
    "answers_json" TEXT NOT NULL,
    "process_json" TEXT NOT NULL,
    "materials_json" TEXT NOT NULL,
    "delivery_method" TEXT NOT NULL,
    "delivery_address" TEXT NULL,
    "tracking_number" TEXT NULL,
    "submission_key" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "submitted_at" INTEGER NULL,
    "acceptance_due_on" TEXT NULL,
    "accepted_on" TEXT NULL,
    "statutory_days" INTEGER NOT NULL,
    "promised_days" INTEGER NOT NULL,
    "paused_days" INTEGER NOT NULL,
    "paused_since" TEXT NULL,
    "extension_days" INTEGER NOT NULL,
    "due_on" TEXT NULL,
    "promised_due_on" TEXT NULL,
    "decision" TEXT NULL,
    "decision_reason" TEXT NULL,
    "decision_remedy" TEXT NULL,
    "decided_at" INTEGER NULL,
    "delivered_at" INTEGER NULL,
    "closed_at" INTEGER NULL,
    "revision" INTEGER NOT NULL
);


CREATE TABLE "cases_item_setups" (
    "service_item_id" INTEGER NOT NULL CONSTRAINT "pk_cases_item_setups" PRIMARY KEY,
    "form_json" TEXT NULL,
    "process_json" TEXT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL
);


CREATE TABLE "cases_history" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_history" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "at" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "actor_subject" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "note" TEXT NULL,
    "public" INTEGER NOT NULL,
    CONSTRAINT "fk_cases_history_cases_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases_cases" ("id") ON DELETE CASCADE
);


CREATE TABLE "cases_materials" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_materials" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "material_index" INTEGER NOT NULL,
    "material_name" TEXT NOT NULL,
    "file_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "note" TEXT NULL,
    "superseded" INTEGER NOT NULL,
    "added_at" INTEGER NOT NULL,
    CONSTRAINT "fk_cases_materials_cases_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases_cases" ("id") ON DELETE CASCADE
);


CREATE TABLE "cases_notices" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_notices" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "issued_at" INTEGER NOT NULL,
    "issued_by" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "body_json" TEXT NOT NULL,
    "answered_at" INTEGER NULL,
    CONSTRAINT "fk_cases_notices_cases_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases_cases" ("id") ON DELETE CASCADE
);


CREATE TABLE "cases_notifications" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_notifications" PRIMARY KEY AUTOINCREMENT,
    "recipient_subject" TEXT NOT NULL,
    "case_id" INTEGER NOT NULL,
    "case_number" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "read_at" INTEGER NULL,
    CONSTRAINT "fk_cases_notifications_cases_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases_cases" ("id") ON DELETE CASCADE
);


CREATE TABLE "cases_tasks" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_tasks" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "step_index" INTEGER NOT NULL,
    "step_name" TEXT NOT NULL,
    "step_kind" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "outcome" TEXT NULL,
    "opinion" TEXT NULL,
    "assignee_subject" TEXT NULL,
    "assignee_name" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    "completed_by" TEXT NULL,
    CONSTRAINT "fk_cases_tasks_cases_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases_cases" ("id") ON DELETE CASCADE
);


CREATE INDEX "ix_cases_cases_applicant_subject_id" ON "cases_cases" ("applicant_subject", "id");


CREATE UNIQUE INDEX "ix_cases_cases_applicant_subject_submission_key" ON "cases_cases" ("applicant_subject", "submission_key");


CREATE INDEX "ix_cases_cases_department_id_status_id" ON "cases_cases" ("department_id", "status", "id");


CREATE UNIQUE INDEX "ix_cases_cases_number" ON "cases_cases" ("number");


CREATE INDEX "ix_cases_cases_region_code_due_on" ON "cases_cases" ("region_code", "due_on");


CREATE INDEX "ix_cases_history_case_id_id" ON "cases_history" ("case_id", "id");


CREATE INDEX "ix_cases_materials_case_id_material_index" ON "cases_materials" ("case_id", "material_index");


CREATE INDEX "ix_cases_notices_case_id_id" ON "cases_notices" ("case_id", "id");


CREATE INDEX "ix_cases_notifications_case_id" ON "cases_notifications" ("case_id");


CREATE INDEX "ix_cases_notifications_recipient_subject_id" ON "cases_notifications" ("recipient_subject", "id");


CREATE INDEX "ix_cases_tasks_assignee_subject_state_id" ON "cases_tasks" ("assignee_subject", "state", "id");


CREATE INDEX "ix_cases_tasks_case_id_step_index" ON "cases_tasks" ("case_id", "step_index");


CREATE INDEX "ix_cases_tasks_department_id_state_id" ON "cases_tasks" ("department_id", "state", "id");



