-- Exchange module (共享交换): grants (requests and grants), held rows of table resources and their change sequence,
-- change subscriptions, citizens' objections. Generated from ExchangeDbContext with schema-script sqlite exchange.
CREATE TABLE "exchange_grants" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exchange_grants" PRIMARY KEY AUTOINCREMENT,
    "resource_code" TEXT NOT NULL,
    "resource_version" INTEGER NOT NULL,
    "resource_name" TEXT NOT NULL,
    "sharing_class" TEXT NOT NULL,
    "provider_department_id" INTEGER NOT NULL,
    "consumer_department_id" INTEGER NOT NULL,
    "requested_by" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "clear_items" TEXT NOT NULL,
    "row_scope" TEXT NOT NULL,
    "row_region" TEXT NULL,
    "client_ids" TEXT NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_until" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_at" INTEGER NOT NULL,
    "due_on" TEXT NOT NULL,
    "escalated_at" INTEGER NULL,
    "decided_by" TEXT NULL,
    "decided_at" INTEGER NULL,
    "decision_reason" TEXT NULL,
    "revoked_by" TEXT NULL,
    "revoked_at" INTEGER NULL,
    "revoke_reason" TEXT NULL
);


CREATE TABLE "exchange_objections" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exchange_objections" PRIMARY KEY AUTOINCREMENT,
    "log_entry_id" INTEGER NOT NULL,
    "citizen_subject" TEXT NOT NULL,
    "provider_department_id" INTEGER NOT NULL,
    "consumer_department_id" INTEGER NOT NULL,
    "resource_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "due_on" TEXT NOT NULL,
    "answer" TEXT NULL,
    "answered_by" TEXT NULL,
    "answered_at" INTEGER NULL
);


CREATE TABLE "exchange_rows" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exchange_rows" PRIMARY KEY AUTOINCREMENT,
    "resource_code" TEXT NOT NULL,
    "row_key" TEXT NOT NULL,
    "subject_index" TEXT NULL,
    "region_code" TEXT NULL,
    "data_json" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "deleted" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);


CREATE TABLE "exchange_sequences" (
    "resource_code" TEXT NOT NULL CONSTRAINT "pk_exchange_sequences" PRIMARY KEY,
    "last_sequence" INTEGER NOT NULL
);


CREATE TABLE "exchange_subscriptions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exchange_subscriptions" PRIMARY KEY AUTOINCREMENT,
    "grant_id" INTEGER NOT NULL,
    "resource_code" TEXT NOT NULL,
    "consumer_department_id" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "last_sequence" INTEGER NOT NULL,
    "active" INTEGER NOT NULL
);


CREATE INDEX "ix_exchange_grants_consumer_department_id_id" ON "exchange_grants" ("consumer_department_id", "id");


CREATE INDEX "ix_exchange_grants_provider_department_id_id" ON "exchange_grants" ("provider_department_id", "id");


CREATE INDEX "ix_exchange_grants_status_due_on" ON "exchange_grants" ("status", "due_on");


CREATE INDEX "ix_exchange_objections_citizen_subject_id" ON "exchange_objections" ("citizen_subject", "id");


CREATE UNIQUE INDEX "ix_exchange_objections_log_entry_id_citizen_subject" ON "exchange_objections" ("log_entry_id", "citizen_subject");


CREATE INDEX "ix_exchange_objections_provider_department_id_id" ON "exchange_objections" ("provider_department_id", "id");


CREATE INDEX "ix_exchange_rows_resource_code_id" ON "exchange_rows" ("resource_code", "id");


CREATE UNIQUE INDEX "ix_exchange_rows_resource_code_row_key" ON "exchange_rows" ("resource_code", "row_key");


CREATE INDEX "ix_exchange_rows_resource_code_subject_index" ON "exchange_rows" ("resource_code", "subject_index");


CREATE UNIQUE INDEX "ix_exchange_subscriptions_grant_id" ON "exchange_subscriptions" ("grant_id");


CREATE INDEX "ix_exchange_subscriptions_resource_code_active" ON "exchange_subscriptions" ("resource_code", "active");



