"""Inventory: organizations, zones, subnets, departments, assets and information systems."""
