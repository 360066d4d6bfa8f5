-- Identity module: server-side sessions (the cookie's sid claim, stored as its SHA-256) and failed sign-ins per client
-- address (keyed hash) for progressive throttling. Generated with 'schema-script sqlite identity'.

CREATE TABLE "identity_sessions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_identity_sessions" PRIMARY KEY,
    "account_kind" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "last_seen_at" INTEGER NOT NULL,
    "ended_at" INTEGER NULL,
    "end_reason" TEXT NULL,
    "client" TEXT NOT NULL
);

CREATE INDEX "ix_identity_sessions_account_kind_account_id" ON "identity_sessions" ("account_kind", "account_id");

CREATE TABLE "identity_address_failures" (
    "address_key" TEXT NOT NULL,
    "window_number" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL,
    CONSTRAINT "pk_identity_address_failures" PRIMARY KEY ("address_key", "window_number")
);

CREATE INDEX "ix_identity_address_failures_window_number" ON "identity_address_failures" ("window_number");
