"""Lexicons, SSSOM mappings and the seed monograph, package data of livertox_kg (see livertox_kg.resources)."""
