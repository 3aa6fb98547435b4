"""WSGI entry point for gunicorn: ``gunicorn server.wsgi:app`` (settings from LIVERTOX_KG_SERVER_CONFIG)."""

from server import create_app

app = create_app()
