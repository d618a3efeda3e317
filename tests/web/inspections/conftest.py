from .support import inspector, logged_in, make_user, media  # noqa: F401
