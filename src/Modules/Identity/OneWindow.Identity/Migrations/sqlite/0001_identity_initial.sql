-- Identity module (统一身份认证), initial schema (sqlite). Generated from the EF model with 'schema-script sqlite identity'.
-- ID numbers and phones are stored only encrypted (AES-GCM), masked, and (ID number) as an HMAC blind index.

CREATE TABLE "identity_citizens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_citizens" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "id_number_cipher" BLOB NOT NULL,
    "id_number_index" TEXT NOT NULL,
    "id_number_masked" TEXT NOT NULL,
    "phone_cipher" BLOB NOT NULL,
    "phone_masked" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "assurance_level" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "identity_enterprises" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_enterprises" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "legal_representative_name" TEXT NOT NULL,
    "checksum_override" INTEGER NOT NULL,
    "override_reason" TEXT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ix_identity_citizens_id_number_index" ON "identity_citizens" ("id_number_index");

CREATE UNIQUE INDEX "ix_identity_enterprises_credit_code" ON "identity_enterprises" ("credit_code");

