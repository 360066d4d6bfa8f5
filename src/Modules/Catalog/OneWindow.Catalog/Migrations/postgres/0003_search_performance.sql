-- Catalogue search performance (PostgreSQL). No schema change: rows indexed before SearchIndexer emitted name tokens
-- get them here, so CatalogSearch can find "name contains the query" rows through the GIN index.
-- n:<c> for every non-blank character of the raw name, f:<c> for its first character (see SearchIndexer.AddNameCharacters).

UPDATE catalog_search s
SET tokens = ARRAY(
    SELECT DISTINCT t COLLATE "C"
    FROM unnest(
        s.tokens
        || ARRAY(SELECT 'n:' || c FROM regexp_split_to_table(s.name, '') AS c WHERE c ~ '^\S$')
        || CASE WHEN left(s.name, 1) ~ '^\S$' THEN ARRAY['f:' || left(s.name, 1)] ELSE ARRAY[]::text[] END) AS t
    ORDER BY 1);
