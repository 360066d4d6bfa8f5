-- Audit trail: append-only entries, sealed into a hash chain by the sealer (see docs/audit.md).
CREATE TABLE "audit_entries" (
    "seq" INTEGER NOT NULL CONSTRAINT "pk_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "occurred_at" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_department" TEXT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "data_json" TEXT NULL,
    "request_id" TEXT NOT NULL,
    "seal" TEXT NULL,
    "sealed_at" INTEGER NULL
);

CREATE INDEX "ix_audit_entries_action_seq" ON "audit_entries" ("action", "seq");

CREATE INDEX "ix_audit_entries_actor_seq" ON "audit_entries" ("actor", "seq");

CREATE INDEX "ix_audit_entries_occurred_at_seq" ON "audit_entries" ("occurred_at", "seq");

CREATE INDEX "ix_audit_entries_target_type_target_id_seq" ON "audit_entries" ("target_type", "target_id", "seq");

CREATE INDEX "ix_audit_entries_unsealed" ON "audit_entries" ("seq") WHERE seal IS NULL;
