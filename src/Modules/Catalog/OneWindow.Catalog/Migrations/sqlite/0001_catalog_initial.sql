-- Catalogue module, initial schema (SQLite). Generated from the EF model with 'schema-script sqlite', plus the FTS5 search index.

CREATE TABLE "catalog_basic_items" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_catalog_basic_items" PRIMARY KEY AUTOINCREMENT,
    "base_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "legal_basis_json" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "catalog_departments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_catalog_departments" PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "hours" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL
);

CREATE TABLE "catalog_regions" (
    "code" TEXT NOT NULL CONSTRAINT "pk_catalog_regions" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "parent_code" TEXT NULL,
    "revision" TEXT NOT NULL,
    "withdrawn" INTEGER NOT NULL
);

CREATE TABLE "catalog_service_items" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_catalog_service_items" PRIMARY KEY AUTOINCREMENT,
    "basic_item_id" INTEGER NOT NULL,
    "implementation_code" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "publication" INTEGER NOT NULL,
    "published_version" INTEGER NULL,
    "latest_version" INTEGER NOT NULL,
    "publication_reason" TEXT NULL,
    "popularity" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    CONSTRAINT "fk_catalog_service_items_catalog_basic_items_basic_item_id" FOREIGN KEY ("basic_item_id") REFERENCES "catalog_basic_items" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_catalog_service_items_catalog_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "catalog_departments" ("id") ON DELETE RESTRICT
);

CREATE TABLE "catalog_item_events" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_catalog_item_events" PRIMARY KEY AUTOINCREMENT,
    "service_item_id" INTEGER NOT NULL,
    "version_no" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "comment" TEXT NULL,
    "at" INTEGER NOT NULL,
    CONSTRAINT "fk_catalog_item_events_service_items_service_item_id" FOREIGN KEY ("service_item_id") REFERENCES "catalog_service_items" ("id") ON DELETE CASCADE
);

CREATE TABLE "catalog_item_versions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_catalog_item_versions" PRIMARY KEY AUTOINCREMENT,
    "service_item_id" INTEGER NOT NULL,
    "version_no" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "guide_json" TEXT NOT NULL,
    "change_note" TEXT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "reviewed_by" TEXT NULL,
    "reviewed_at" INTEGER NULL,
    "review_comment" TEXT NULL,
    "published_at" INTEGER NULL,
    CONSTRAINT "fk_catalog_item_versions_service_items_service_item_id" FOREIGN KEY ("service_item_id") REFERENCES "catalog_service_items" ("id") ON DELETE CASCADE
);

CREATE TABLE "catalog_search" (
    "service_item_id" INTEGER NOT NULL CONSTRAINT "pk_catalog_search" PRIMARY KEY,
    "version_no" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "implementation_code" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "targets" INTEGER NOT NULL,
    "online_depth" INTEGER NOT NULL,
    "promised_days" INTEGER NOT NULL,
    "visits" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "suspended" INTEGER NOT NULL,
    "popularity" INTEGER NOT NULL,
    "tokens" TEXT NOT NULL,
    CONSTRAINT "fk_catalog_search_service_items_service_item_id" FOREIGN KEY ("service_item_id") REFERENCES "catalog_service_items" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_catalog_basic_items_base_code" ON "catalog_basic_items" ("base_code");

CREATE UNIQUE INDEX "ix_catalog_departments_credit_code" ON "catalog_departments" ("credit_code");

CREATE UNIQUE INDEX "ix_catalog_departments_key" ON "catalog_departments" ("key");

CREATE INDEX "ix_catalog_departments_region_code" ON "catalog_departments" ("region_code");

CREATE INDEX "ix_catalog_item_events_service_item_id_id" ON "catalog_item_events" ("service_item_id", "id");

CREATE UNIQUE INDEX "ix_catalog_item_versions_service_item_id_version_no" ON "catalog_item_versions" ("service_item_id", "version_no");

CREATE INDEX "ix_catalog_item_versions_state_id" ON "catalog_item_versions" ("state", "id");

CREATE INDEX "ix_catalog_regions_parent_code" ON "catalog_regions" ("parent_code");

CREATE INDEX "ix_catalog_search_department_id_popularity" ON "catalog_search" ("department_id", "popularity");

CREATE INDEX "ix_catalog_search_popularity_service_item_id" ON "catalog_search" ("popularity", "service_item_id");

CREATE INDEX "ix_catalog_service_items_basic_item_id" ON "catalog_service_items" ("basic_item_id");

CREATE INDEX "ix_catalog_service_items_department_id_id" ON "catalog_service_items" ("department_id", "id");

CREATE UNIQUE INDEX "ix_catalog_service_items_implementation_code" ON "catalog_service_items" ("implementation_code");

CREATE INDEX "ix_catalog_service_items_region_code" ON "catalog_service_items" ("region_code");

-- Full-text index over catalog_search.tokens: space-separated character unigrams/bigrams, pinyin and filter tokens.
-- ':' is a token character so prefixed tokens (p:huzhao, d:12) stay whole. Kept in step by triggers.
CREATE VIRTUAL TABLE catalog_search_fts USING fts5(tokens, tokenize = "unicode61 tokenchars ':'");

CREATE TRIGGER catalog_search_fts_insert AFTER INSERT ON catalog_search BEGIN
    INSERT INTO catalog_search_fts (rowid, tokens) VALUES (new.service_item_id, new.tokens);
END;

CREATE TRIGGER catalog_search_fts_delete AFTER DELETE ON catalog_search BEGIN
    DELETE FROM catalog_search_fts WHERE rowid = old.service_item_id;
END;

CREATE TRIGGER catalog_search_fts_update AFTER UPDATE OF tokens ON catalog_search BEGIN
    DELETE FROM catalog_search_fts WHERE rowid = old.service_item_id;
    INSERT INTO catalog_search_fts (rowid, tokens) VALUES (new.service_item_id, new.tokens);
END;
