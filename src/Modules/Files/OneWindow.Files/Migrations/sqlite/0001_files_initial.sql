-- Files module: the applicants' materials library (申请材料). files_blobs holds each distinct content once, keyed by
-- its SHA-256; files_files are the uploads pointing at it; files_blob_contents holds the bytes when Files:Store is
-- "database" (docs/files.md). Generated with 'schema-script sqlite files'.

CREATE TABLE "files_blob_contents" (
    "sha256" TEXT NOT NULL CONSTRAINT "pk_files_blob_contents" PRIMARY KEY,
    "content" BLOB NOT NULL
);

CREATE TABLE "files_blobs" (
    "sha256" TEXT NOT NULL CONSTRAINT "pk_files_blobs" PRIMARY KEY,
    "length" INTEGER NOT NULL,
    "media_type" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "files_files" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_files_files" PRIMARY KEY AUTOINCREMENT,
    "owner_subject" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploaded_at" INTEGER NOT NULL,
    CONSTRAINT "fk_files_files_files_blobs_sha256" FOREIGN KEY ("sha256") REFERENCES "files_blobs" ("sha256") ON DELETE RESTRICT
);

CREATE INDEX "ix_files_files_owner_subject_id" ON "files_files" ("owner_subject", "id");

CREATE INDEX "ix_files_files_sha256" ON "files_files" ("sha256");

