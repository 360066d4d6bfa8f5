-- OIDC provider: refresh tokens (hashes only; rotation families with reuse detection) and revoked access-token ids (until the token expires).
CREATE TABLE "oidc_refresh_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_oidc_refresh_tokens" PRIMARY KEY AUTOINCREMENT,
    "token_hash" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "session_id" TEXT NULL,
    "scope" TEXT NOT NULL,
    "principal_json" TEXT NOT NULL,
    "auth_time" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "used_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    "revoked_reason" TEXT NULL
);

CREATE TABLE "oidc_revoked_access_tokens" (
    "jti" TEXT NOT NULL CONSTRAINT "pk_oidc_revoked_access_tokens" PRIMARY KEY,
    "client_id" TEXT NOT NULL,
    "revoked_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL
);

CREATE INDEX "ix_oidc_refresh_tokens_client_id" ON "oidc_refresh_tokens" ("client_id");

CREATE INDEX "ix_oidc_refresh_tokens_expires_at" ON "oidc_refresh_tokens" ("expires_at");

CREATE INDEX "ix_oidc_refresh_tokens_family_id" ON "oidc_refresh_tokens" ("family_id");

CREATE UNIQUE INDEX "ix_oidc_refresh_tokens_token_hash" ON "oidc_refresh_tokens" ("token_hash");

CREATE INDEX "ix_oidc_revoked_access_tokens_expires_at" ON "oidc_revoked_access_tokens" ("expires_at");
