"""dossier: a static site generator for curated, cross-linked news dossiers."""

__version__ = "0.1.0"
