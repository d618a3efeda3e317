"""REST API (OpenAPI described): collector uploads and read access, token per organisation."""
