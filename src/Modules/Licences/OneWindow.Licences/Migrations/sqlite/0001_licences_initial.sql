-- Licences (电子证照库): types, issuing agencies and their SM2 keys, licences, sharing grants and their uses (docs/licences.md).
CREATE TABLE "licences_agencies" (
    "department_id" INTEGER NOT NULL CONSTRAINT "pk_licences_agencies" PRIMARY KEY,
    "agency_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "licences_grants" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_licences_grants" PRIMARY KEY AUTOINCREMENT,
    "licence_id" INTEGER NOT NULL,
    "holder_code" TEXT NOT NULL,
    "granted_by" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "revoked_at" INTEGER NULL
);

CREATE TABLE "licences_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_licences_keys" PRIMARY KEY AUTOINCREMENT,
    "key_id" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "agency_code" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "private_key_protected" BLOB NOT NULL,
    "created_at" INTEGER NOT NULL,
    "retired_at" INTEGER NULL
);

CREATE TABLE "licences_licences" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_licences_licences" PRIMARY KEY AUTOINCREMENT,
    "identifier" TEXT NOT NULL,
    "type_code" TEXT NOT NULL,
    "type_name" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "holder_name" TEXT NOT NULL,
    "holder_code" TEXT NOT NULL,
    "holder_code_type" TEXT NOT NULL,
    "issuer_department_id" INTEGER NOT NULL,
    "issuer_code" TEXT NOT NULL,
    "issuer_name" TEXT NOT NULL,
    "issued_on" TEXT NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_until" TEXT NULL,
    "jurisdiction" TEXT NOT NULL,
    "data_json" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" BLOB NOT NULL,
    "source_reference" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "state_reason" TEXT NULL,
    "state_changed_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "licences_types" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_licences_types" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "definer_name" TEXT NOT NULL,
    "definer_code" TEXT NOT NULL,
    "holder_kind" TEXT NOT NULL,
    "validity_years" INTEGER NULL,
    "fields_json" TEXT NOT NULL
);

CREATE TABLE "licences_uses" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_licences_uses" PRIMARY KEY AUTOINCREMENT,
    "grant_id" INTEGER NOT NULL,
    "used_by" TEXT NOT NULL,
    "used_at" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ix_licences_agencies_agency_code" ON "licences_agencies" ("agency_code");

CREATE INDEX "ix_licences_grants_department_id_id" ON "licences_grants" ("department_id", "id");

CREATE INDEX "ix_licences_grants_licence_id_id" ON "licences_grants" ("licence_id", "id");

CREATE UNIQUE INDEX "ix_licences_keys_current" ON "licences_keys" ("department_id") WHERE retired_at IS NULL;

CREATE INDEX "ix_licences_keys_department_id_id" ON "licences_keys" ("department_id", "id");

CREATE UNIQUE INDEX "ix_licences_keys_key_id" ON "licences_keys" ("key_id");

CREATE INDEX "ix_licences_licences_holder_code_id" ON "licences_licences" ("holder_code", "id");

CREATE UNIQUE INDEX "ix_licences_licences_identifier" ON "licences_licences" ("identifier");

CREATE INDEX "ix_licences_licences_issuer_department_id_id" ON "licences_licences" ("issuer_department_id", "id");

CREATE UNIQUE INDEX "ix_licences_licences_type_code_source_reference" ON "licences_licences" ("type_code", "source_reference");

CREATE UNIQUE INDEX "ix_licences_types_code" ON "licences_types" ("code");

CREATE UNIQUE INDEX "ix_licences_types_name" ON "licences_types" ("name");

CREATE INDEX "ix_licences_uses_grant_id_id" ON "licences_uses" ("grant_id", "id");

