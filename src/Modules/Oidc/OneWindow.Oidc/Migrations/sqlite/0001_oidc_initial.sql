-- OIDC provider: registered clients, rotating RS256 signing keys (private halves encrypted), one-time authorization codes (hashes only).
CREATE TABLE "oidc_authorization_codes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_oidc_authorization_codes" PRIMARY KEY AUTOINCREMENT,
    "code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "code_challenge" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "nonce" TEXT NULL,
    "principal_json" TEXT NOT NULL,
    "auth_time" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "consumed_at" INTEGER NULL,
    "access_token_id" TEXT NULL
);

CREATE TABLE "oidc_clients" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_oidc_clients" PRIMARY KEY AUTOINCREMENT,
    "client_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "secret_hash" TEXT NOT NULL,
    "grant_types" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "redirect_uris" TEXT NOT NULL,
    "post_logout_redirect_uris" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "disabled" INTEGER NOT NULL
);

CREATE TABLE "oidc_signing_keys" (
    "kid" TEXT NOT NULL CONSTRAINT "pk_oidc_signing_keys" PRIMARY KEY,
    "algorithm" TEXT NOT NULL,
    "public_key" BLOB NOT NULL,
    "private_key_cipher" BLOB NOT NULL,
    "created_at" INTEGER NOT NULL,
    "not_before" INTEGER NOT NULL,
    "active_until" INTEGER NULL,
    "expires_at" INTEGER NULL
);

CREATE UNIQUE INDEX "ix_oidc_authorization_codes_code_hash" ON "oidc_authorization_codes" ("code_hash");

CREATE INDEX "ix_oidc_authorization_codes_expires_at" ON "oidc_authorization_codes" ("expires_at");

CREATE UNIQUE INDEX "ix_oidc_clients_client_id" ON "oidc_clients" ("client_id");
