-- Exchange call log (共享调用日志): entries written in group commits, their data subjects (blind indexes), signed
-- hash-tree roots chained to each other and to the audit trail, and the sealed signing keys. Generated from
-- ExchangeLogDbContext with schema-script sqlite exchange.
CREATE TABLE "exchange_log_entries" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exchange_log_entries" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "consumer" TEXT NOT NULL,
    "consumer_department_id" INTEGER NOT NULL,
    "provider_department_id" INTEGER NOT NULL,
    "resource_code" TEXT NOT NULL,
    "grant_id" INTEGER NULL,
    "purpose" TEXT NULL,
    "case_number" TEXT NULL,
    "legal_basis" TEXT NULL,
    "items" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "request_id" TEXT NOT NULL,
    "leaf_hash" TEXT NOT NULL,
    "root_id" INTEGER NULL
);


CREATE TABLE "exchange_log_keys" (
    "id" TEXT NOT NULL CONSTRAINT "pk_exchange_log_keys" PRIMARY KEY,
    "algorithm" TEXT NOT NULL,
    "public_key" BLOB NOT NULL,
    "private_key_cipher" BLOB NOT NULL,
    "created_at" INTEGER NOT NULL,
    "retired_at" INTEGER NULL
);


CREATE TABLE "exchange_log_roots" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_exchange_log_roots" PRIMARY KEY,
    "first_entry_id" INTEGER NOT NULL,
    "last_entry_id" INTEGER NOT NULL,
    "entry_count" INTEGER NOT NULL,
    "merkle_root" TEXT NOT NULL,
    "previous_hash" TEXT NOT NULL,
    "root_hash" TEXT NOT NULL,
    "signed_at" INTEGER NOT NULL,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL
);


CREATE TABLE "exchange_log_subjects" (
    "entry_id" INTEGER NOT NULL,
    "subject_index" TEXT NOT NULL,
    CONSTRAINT "pk_exchange_log_subjects" PRIMARY KEY ("entry_id", "subject_index"),
    CONSTRAINT "fk_exchange_log_subjects_exchange_log_entries_entry_id" FOREIGN KEY ("entry_id") REFERENCES "exchange_log_entries" ("id") ON DELETE CASCADE
);


CREATE INDEX "ix_exchange_log_entries_consumer_department_id_at" ON "exchange_log_entries" ("consumer_department_id", "at");


CREATE INDEX "ix_exchange_log_entries_consumer_department_id_id" ON "exchange_log_entries" ("consumer_department_id", "id");


CREATE INDEX "ix_exchange_log_entries_provider_department_id_at" ON "exchange_log_entries" ("provider_department_id", "at");


CREATE INDEX "ix_exchange_log_entries_provider_department_id_id" ON "exchange_log_entries" ("provider_department_id", "id");


CREATE INDEX "ix_exchange_log_entries_root_id_id" ON "exchange_log_entries" ("root_id", "id");


CREATE INDEX "ix_exchange_log_subjects_subject_index_entry_id" ON "exchange_log_subjects" ("subject_index", "entry_id");



