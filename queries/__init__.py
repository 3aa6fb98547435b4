"""The named SPARQL query library, package data of livertox_kg (see livertox_kg.resources)."""
