-- Integration: the transactional outbox other modules write (EventOutbox), webhook subscriptions and their
-- deliveries (docs/integration-webhooks.md).
CREATE TABLE "integration_deliveries" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_integration_deliveries" PRIMARY KEY AUTOINCREMENT,
    "subscription_id" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "outbox_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "last_status" INTEGER NULL,
    "last_error" TEXT NULL,
    "delivered_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "lease_until" INTEGER NULL,
    "lease_token" TEXT NULL
);

CREATE TABLE "integration_outbox" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_integration_outbox" PRIMARY KEY AUTOINCREMENT,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "subject" TEXT NOT NULL,
    "payload_json" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "dispatched_at" INTEGER NULL
);

CREATE TABLE "integration_subscriptions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_integration_subscriptions" PRIMARY KEY AUTOINCREMENT,
    "owner" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "url" TEXT NOT NULL,
    "secret_protected" BLOB NOT NULL,
    "event_types" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE INDEX "ix_integration_deliveries_due" ON "integration_deliveries" ("next_attempt_at") WHERE status = 'pending';

CREATE UNIQUE INDEX "ix_integration_deliveries_subscription_id_event_id" ON "integration_deliveries" ("subscription_id", "event_id");

CREATE INDEX "ix_integration_deliveries_subscription_id_id" ON "integration_deliveries" ("subscription_id", "id");

CREATE UNIQUE INDEX "ix_integration_outbox_event_id" ON "integration_outbox" ("event_id");

CREATE INDEX "ix_integration_outbox_pending" ON "integration_outbox" ("id") WHERE dispatched_at IS NULL;

CREATE INDEX "ix_integration_subscriptions_department_id_id" ON "integration_subscriptions" ("department_id", "id");

CREATE INDEX "ix_integration_subscriptions_owner_id" ON "integration_subscriptions" ("owner", "id");
