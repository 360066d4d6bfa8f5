-- Identity module: API keys for the public APIs that need one (docs/identity.md). Only the key's public prefix and
-- the SHA-256 of its secret are stored. Generated with 'schema-script sqlite identity'.

CREATE TABLE "identity_api_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_api_keys" PRIMARY KEY AUTOINCREMENT,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "permit_per_minute" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "last_used_at" INTEGER NULL,
    "expires_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    CONSTRAINT "fk_identity_api_keys_citizens_citizen_id" FOREIGN KEY ("citizen_id") REFERENCES "identity_citizens" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_identity_api_keys_citizen_id_created_at" ON "identity_api_keys" ("citizen_id", "created_at");
CREATE UNIQUE INDEX "ix_identity_api_keys_prefix" ON "identity_api_keys" ("prefix");
