-- Certificate-free service (免证办, 告知承诺, 秒批), result licences and life-event bundles (issue 5).
ALTER TABLE "cases_cases" ADD COLUMN "auto_decision_json" TEXT NULL;
ALTER TABLE "cases_cases" ADD COLUMN "prefilled_json" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "cases_cases" ADD COLUMN "result_licence_identifier" TEXT NULL;
ALTER TABLE "cases_cases" ADD COLUMN "bundle_id" INTEGER NULL;
CREATE INDEX "ix_cases_cases_bundle_id" ON "cases_cases" ("bundle_id");

ALTER TABLE "cases_item_setups" ADD COLUMN "proofs_json" TEXT NULL;
ALTER TABLE "cases_item_setups" ADD COLUMN "instant_json" TEXT NULL;

CREATE TABLE "cases_proofs" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases_proofs" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "material_index" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "licence_identifier" TEXT NULL,
    "licence_type_name" TEXT NULL,
    "licence_number" TEXT NULL,
    "registry_fields" TEXT NULL,
    "source_name" TEXT NOT NULL,
    "verified_status" TEXT NOT NULL,
    "verified_reason" TEXT NULL,
    "verified_at" INTEGER NOT NULL,
    "commitment_text" TEXT NULL,
    "check_result" TEXT NULL,
    "check_note" TEXT NULL,
    "checked_at" INTEGER NULL,
    "checked_by" TEXT NULL,
    CONSTRAINT "fk_cases_proofs_cases_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases_cases" ("id") ON DELETE CASCADE
);
CREATE INDEX "ix_cases_proofs_case_id_material_index" ON "cases_proofs" ("case_id", "material_index");
