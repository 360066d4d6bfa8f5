-- Identity module: sign-in state (lockout, TOTP), one-time codes, the development outbox, staff accounts with
-- scoped roles, and enterprise agents (经办人). Tables generated with 'schema-script sqlite identity'.

ALTER TABLE "identity_citizens" ADD COLUMN "phone_verified_at" INTEGER NULL;
ALTER TABLE "identity_citizens" ADD COLUMN "failed_sign_ins" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "identity_citizens" ADD COLUMN "locked_until" INTEGER NULL;
ALTER TABLE "identity_citizens" ADD COLUMN "totp_secret_cipher" BLOB NULL;
ALTER TABLE "identity_citizens" ADD COLUMN "totp_last_step" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "identity_citizens" ADD COLUMN "assurance_changed_at" INTEGER NULL;

CREATE TABLE "identity_outgoing_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_outgoing_messages" PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "destination_masked" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "identity_staff" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_staff" PRIMARY KEY AUTOINCREMENT,
    "user_name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "failed_sign_ins" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "totp_secret_cipher" BLOB NULL,
    "totp_last_step" INTEGER NOT NULL,
    "disabled_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "identity_one_time_codes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_one_time_codes" PRIMARY KEY AUTOINCREMENT,
    "citizen_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "consumed_at" INTEGER NULL,
    CONSTRAINT "fk_identity_one_time_codes_identity_citizens_citizen_id" FOREIGN KEY ("citizen_id") REFERENCES "identity_citizens" ("id") ON DELETE CASCADE
);

CREATE TABLE "identity_enterprise_members" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_enterprise_members" PRIMARY KEY AUTOINCREMENT,
    "enterprise_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "role" INTEGER NOT NULL,
    "can_apply" INTEGER NOT NULL,
    "can_manage_agents" INTEGER NOT NULL,
    "valid_until" INTEGER NULL,
    "granted_by" TEXT NOT NULL,
    "granted_at" INTEGER NOT NULL,
    "revoked_at" INTEGER NULL,
    CONSTRAINT "fk_identity_enterprise_members_identity_citizens_citizen_id" FOREIGN KEY ("citizen_id") REFERENCES "identity_citizens" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_identity_enterprise_members_identity_enterprises_enterprise_id" FOREIGN KEY ("enterprise_id") REFERENCES "identity_enterprises" ("id") ON DELETE RESTRICT
);

CREATE TABLE "identity_staff_roles" (
    "staff_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "granted_by" TEXT NOT NULL,
    "granted_at" INTEGER NOT NULL,
    CONSTRAINT "pk_identity_staff_roles" PRIMARY KEY ("staff_id", "role"),
    CONSTRAINT "fk_identity_staff_roles_identity_staff_staff_id" FOREIGN KEY ("staff_id") REFERENCES "identity_staff" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_identity_enterprise_members_citizen_id" ON "identity_enterprise_members" ("citizen_id");
CREATE UNIQUE INDEX "ix_identity_enterprise_members_enterprise_id_citizen_id" ON "identity_enterprise_members" ("enterprise_id", "citizen_id");
CREATE INDEX "ix_identity_one_time_codes_citizen_id_purpose_created_at" ON "identity_one_time_codes" ("citizen_id", "purpose", "created_at");
CREATE INDEX "ix_identity_staff_department_id_user_name" ON "identity_staff" ("department_id", "user_name");
CREATE INDEX "ix_identity_staff_region_code_user_name" ON "identity_staff" ("region_code", "user_name");
CREATE UNIQUE INDEX "ix_identity_staff_user_name" ON "identity_staff" ("user_name");
