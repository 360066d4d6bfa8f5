-- Identity module: the ASP.NET data-protection key ring every node shares (session cookies, antiforgery tokens).
-- One row per key or revocation as the framework writes it; master keys sealed under Identity:DataProtection:KeyRingKey.
-- Generated with 'schema-script sqlite identity'.

CREATE TABLE "identity_data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_identity_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NULL
);
