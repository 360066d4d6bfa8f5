-- Data resource catalogue (政务信息资源目录): resources, versions, code sequences, search rows. Generated from
-- DataCatalogDbContext with schema-script sqlite datacatalog, plus the FTS5 index of datacatalog_search.tokens.
CREATE TABLE "datacatalog_code_sequences" (
    "classification" TEXT NOT NULL CONSTRAINT "pk_datacatalog_code_sequences" PRIMARY KEY,
    "last_no" INTEGER NOT NULL
);

CREATE TABLE "datacatalog_resources" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_datacatalog_resources" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NULL,
    "classification" TEXT NOT NULL,
    "provider_department_id" INTEGER NOT NULL,
    "provider_region" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "latest_version" INTEGER NOT NULL,
    "latest_state" TEXT NOT NULL,
    "published_version" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "datacatalog_search" (
    "resource_id" INTEGER NOT NULL CONSTRAINT "pk_datacatalog_search" PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "provider_department_id" INTEGER NOT NULL,
    "provider_name" TEXT NOT NULL,
    "sharing_class" TEXT NOT NULL,
    "open_class" TEXT NOT NULL,
    "version_no" INTEGER NOT NULL,
    "published_on" TEXT NOT NULL,
    "tokens" TEXT NOT NULL,
    CONSTRAINT "fk_datacatalog_search_datacatalog_resources_resource_id" FOREIGN KEY ("resource_id") REFERENCES "datacatalog_resources" ("id") ON DELETE CASCADE
);

CREATE TABLE "datacatalog_versions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_datacatalog_versions" PRIMARY KEY AUTOINCREMENT,
    "resource_id" INTEGER NOT NULL,
    "version_no" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "submitted_at" INTEGER NULL,
    "submitted_by" TEXT NULL,
    "reviewed_at" INTEGER NULL,
    "reviewed_by" TEXT NULL,
    "return_reason" TEXT NULL,
    "published_on" TEXT NULL,
    CONSTRAINT "fk_datacatalog_versions_datacatalog_resources_resource_id" FOREIGN KEY ("resource_id") REFERENCES "datacatalog_resources" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_datacatalog_resources_code" ON "datacatalog_resources" ("code");

CREATE INDEX "ix_datacatalog_resources_latest_state_id" ON "datacatalog_resources" ("latest_state", "id");

CREATE INDEX "ix_datacatalog_resources_provider_department_id_id" ON "datacatalog_resources" ("provider_department_id", "id");

CREATE UNIQUE INDEX "ix_datacatalog_search_code" ON "datacatalog_search" ("code");

CREATE INDEX "ix_datacatalog_search_provider_department_id_resource_id" ON "datacatalog_search" ("provider_department_id", "resource_id");

CREATE UNIQUE INDEX "ix_datacatalog_versions_resource_id_version_no" ON "datacatalog_versions" ("resource_id", "version_no");

-- Full-text index over datacatalog_search.tokens (space-separated characters, pinyin, words and filter tokens).
CREATE VIRTUAL TABLE datacatalog_search_fts USING fts5(tokens, tokenize = "unicode61 tokenchars ':'");

CREATE TRIGGER datacatalog_search_fts_insert AFTER INSERT ON datacatalog_search BEGIN
    INSERT INTO datacatalog_search_fts (rowid, tokens) VALUES (new.resource_id, new.tokens);
END;

CREATE TRIGGER datacatalog_search_fts_delete AFTER DELETE ON datacatalog_search BEGIN
    DELETE FROM datacatalog_search_fts WHERE rowid = old.resource_id;
END;

CREATE TRIGGER datacatalog_search_fts_update AFTER UPDATE OF tokens ON datacatalog_search BEGIN
    DELETE FROM datacatalog_search_fts WHERE rowid = old.resource_id;
    INSERT INTO datacatalog_search_fts (rowid, tokens) VALUES (new.resource_id, new.tokens);
END;
