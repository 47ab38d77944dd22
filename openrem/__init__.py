"""OpenREM Django project: settings, URLs and WSGI/ASGI entry points."""

__version__ = "1.0.0.dev0"
