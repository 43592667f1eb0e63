"""The theme engine (MkDocs + Material) at the edge: mkdocs.py is the only module that imports
MkDocs; theme.py is what it hands back (frames, standalone pages, theme files), kept in the
cache so that most builds never load MkDocs."""


class EngineError(Exception):
    """The engine stopped the build (a theme or configuration problem, not the content's)."""
