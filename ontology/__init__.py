"""The OWL ontology and SHACL shapes, package data of livertox_kg (see livertox_kg.resources)."""
