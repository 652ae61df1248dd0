"""From the model to Markdown pages, charts and downloads (no MkDocs)."""
