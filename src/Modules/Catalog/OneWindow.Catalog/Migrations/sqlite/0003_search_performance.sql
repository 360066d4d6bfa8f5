-- Catalogue search performance (SQLite). No schema change: rows indexed before SearchIndexer emitted name tokens
-- get them here (the update trigger re-indexes catalog_search_fts), so CatalogSearch can find "name contains the
-- query" rows through FTS5. n:<c> for every non-blank character of the raw name, f:<c> for its first character.

UPDATE catalog_search
SET tokens = tokens
    || CASE WHEN trim(substr(name, 1, 1)) <> '' THEN ' f:' || substr(name, 1, 1) ELSE '' END
    || coalesce((
        WITH RECURSIVE chars(pos, c) AS (
            SELECT 1, substr(catalog_search.name, 1, 1)
            UNION ALL
            SELECT pos + 1, substr(catalog_search.name, pos + 1, 1) FROM chars WHERE pos < length(catalog_search.name)
        )
        SELECT group_concat(' n:' || c, '') FROM (SELECT DISTINCT c FROM chars WHERE trim(c) <> '')), '');
