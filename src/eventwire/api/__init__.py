"""The HTTP API (FastAPI) and the web view it serves: ``create_app(db)``; see ``docs/api.md``."""

from eventwire.api.app import DEFAULT_MAX_BODY, app_from_env, create_app

__all__ = ["DEFAULT_MAX_BODY", "app_from_env", "create_app"]
