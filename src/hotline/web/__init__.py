"""FastAPI application: API routes, pages, templates and static assets."""
