"""livertox-kg: a knowledge graph of NIH LiverTox drug monographs."""

__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str):
    # Lazy: `import livertox_kg` stays cheap; pandas/pyoxigraph load on first use of the client.
    if name == "KnowledgeGraph":
        from .client import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'livertox_kg' has no attribute {name!r}")
