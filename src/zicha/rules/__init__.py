"""Checks-as-code: schema, loader, operators and evaluator. Pure; no Django."""
