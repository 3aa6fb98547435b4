"""WSGI entry point for gunicorn: ``gunicorn livertox_kg.server.wsgi:app`` (settings from LIVERTOX_KG_SERVER_CONFIG)."""

from livertox_kg.server import create_app

app = create_app()
