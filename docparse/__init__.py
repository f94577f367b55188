"""docparse: structured JSON from Vietnamese administrative documents."""

from docparse.model import SCHEMA_VERSION, Document

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Document", "__version__"]
