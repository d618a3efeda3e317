"""Pure value types shared by every engine (no I/O, no Django)."""
