"""livertox-kg: a knowledge graph of NIH LiverTox drug monographs."""

__version__ = "0.1.0"
