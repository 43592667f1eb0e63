"""Files → validated model: find and read every file (files.py), YAML with its lines
(core/yamlsource.py), pydantic's errors worded for editors (errors.py), posts (posts.py), data
files (data.py), standalone pages (pages.py); site.py reads everything, checks everything and
reports everything at once."""
