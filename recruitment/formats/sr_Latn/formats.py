from recruitment.formats.sq.formats import *  # noqa: F403 (one date format for every language)
