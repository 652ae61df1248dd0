"""The bilingual site: its pages and navigation, redirects, search, PDFs and publishing (no MkDocs)."""
