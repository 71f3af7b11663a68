"""PDF ingest: extract, detect language, tag, store (see the ingest issue)."""
