"""Shared building blocks of the web apps (not an app itself: no concrete models)."""
