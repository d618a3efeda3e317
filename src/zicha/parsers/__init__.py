"""Pure parsers: text → frozen dataclasses. No I/O, no Django.

Every parser raises :class:`zicha.domain.errors.ParseError` with a line number
on input it does not understand; none returns a silently partial result.
"""
