"""Dashboards: compliance, trends, overdue rectification, periodic duties."""
