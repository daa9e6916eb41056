"""The Flask side: the HTTP API and its OpenAPI description, health checks,
security headers, sign-in, rate limits and the workshop's routes and static files."""
