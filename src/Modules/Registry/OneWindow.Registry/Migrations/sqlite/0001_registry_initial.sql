-- Base registries (基础信息资源库): sources, entities, source records and field history, current claims, golden fields, rules, decisions, conflicts, refused batches (see docs/registry.md).
CREATE TABLE "registry_entities" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_entities" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "registry_rules" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_rules" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "registry_sources" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_sources" PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "region_code" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "active" INTEGER NOT NULL
);

CREATE TABLE "registry_conflicts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_conflicts" PRIMARY KEY AUTOINCREMENT,
    "entity_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "blocking" INTEGER NOT NULL,
    "values_json" TEXT NOT NULL,
    "opened_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "closed_at" INTEGER NULL,
    "closed_by" TEXT NULL,
    CONSTRAINT "fk_registry_conflicts_entities_entity_id" FOREIGN KEY ("entity_id") REFERENCES "registry_entities" ("id") ON DELETE RESTRICT
);

CREATE TABLE "registry_decisions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_decisions" PRIMARY KEY AUTOINCREMENT,
    "entity_id" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source_id" INTEGER NULL,
    "conflict_id" INTEGER NULL,
    "reason" TEXT NOT NULL,
    "decided_by" TEXT NOT NULL,
    "decided_at" INTEGER NOT NULL,
    CONSTRAINT "fk_registry_decisions_entities_entity_id" FOREIGN KEY ("entity_id") REFERENCES "registry_entities" ("id") ON DELETE RESTRICT
);

CREATE TABLE "registry_golden_fields" (
    "entity_id" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "value" TEXT NULL,
    "source_id" INTEGER NULL,
    "as_of" INTEGER NULL,
    "basis" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "pk_registry_golden_fields" PRIMARY KEY ("entity_id", "field"),
    CONSTRAINT "fk_registry_golden_fields_entities_entity_id" FOREIGN KEY ("entity_id") REFERENCES "registry_entities" ("id") ON DELETE RESTRICT
);

CREATE TABLE "registry_claims" (
    "entity_id" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "source_id" INTEGER NOT NULL,
    "value" TEXT NOT NULL,
    "observed_at" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    CONSTRAINT "pk_registry_claims" PRIMARY KEY ("entity_id", "field", "source_id"),
    CONSTRAINT "fk_registry_claims_entities_entity_id" FOREIGN KEY ("entity_id") REFERENCES "registry_entities" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_registry_claims_sources_source_id" FOREIGN KEY ("source_id") REFERENCES "registry_sources" ("id") ON DELETE RESTRICT
);

CREATE TABLE "registry_records" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_records" PRIMARY KEY AUTOINCREMENT,
    "source_id" INTEGER NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "fields_json" TEXT NOT NULL,
    "observed_at" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "sent_by" TEXT NOT NULL,
    CONSTRAINT "fk_registry_records_registry_entities_entity_id" FOREIGN KEY ("entity_id") REFERENCES "registry_entities" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_registry_records_registry_sources_source_id" FOREIGN KEY ("source_id") REFERENCES "registry_sources" ("id") ON DELETE RESTRICT
);

CREATE TABLE "registry_rejections" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_rejections" PRIMARY KEY AUTOINCREMENT,
    "source_id" INTEGER NOT NULL,
    "records" INTEGER NOT NULL,
    "invalid_records" INTEGER NOT NULL,
    "sent_by" TEXT NOT NULL,
    "rejected_at" INTEGER NOT NULL,
    CONSTRAINT "fk_registry_rejections_registry_sources_source_id" FOREIGN KEY ("source_id") REFERENCES "registry_sources" ("id") ON DELETE RESTRICT
);

CREATE TABLE "registry_statements" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_statements" PRIMARY KEY AUTOINCREMENT,
    "entity_id" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "source_id" INTEGER NOT NULL,
    "record_id" INTEGER NOT NULL,
    "value" TEXT NOT NULL,
    "observed_at" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    CONSTRAINT "fk_registry_statements_entities_entity_id" FOREIGN KEY ("entity_id") REFERENCES "registry_entities" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_registry_statements_records_record_id" FOREIGN KEY ("record_id") REFERENCES "registry_records" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_registry_statements_sources_source_id" FOREIGN KEY ("source_id") REFERENCES "registry_sources" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_registry_claims_source_id" ON "registry_claims" ("source_id");

CREATE INDEX "ix_registry_conflicts_entity_id_field" ON "registry_conflicts" ("entity_id", "field");

CREATE INDEX "ix_registry_conflicts_status_id" ON "registry_conflicts" ("status", "id");

CREATE INDEX "ix_registry_decisions_entity_id_field_id" ON "registry_decisions" ("entity_id", "field", "id");

CREATE UNIQUE INDEX "ix_registry_entities_kind_code" ON "registry_entities" ("kind", "code");

CREATE INDEX "ix_registry_records_entity_id_id" ON "registry_records" ("entity_id", "id");

CREATE INDEX "ix_registry_records_source_id_received_at" ON "registry_records" ("source_id", "received_at");

CREATE INDEX "ix_registry_rejections_source_id_rejected_at" ON "registry_rejections" ("source_id", "rejected_at");

CREATE UNIQUE INDEX "ix_registry_rules_kind_field" ON "registry_rules" ("kind", "field");

CREATE UNIQUE INDEX "ix_registry_sources_key" ON "registry_sources" ("key");

CREATE INDEX "ix_registry_statements_entity_id_field_id" ON "registry_statements" ("entity_id", "field", "id");

CREATE INDEX "ix_registry_statements_record_id" ON "registry_statements" ("record_id");

CREATE INDEX "ix_registry_statements_source_id" ON "registry_statements" ("source_id");

