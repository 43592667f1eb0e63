"""The validated model: what posts and data files mean once read and checked.

One module per kind of file, holding its records and every rule about it (field types,
rules across fields, references to other files): post.py, units.py, blocs.py, categories.py,
titles.py, decisions.py; succession.py holds what units and blocs share when they end. site.py
puts them together; indexes.py indexes awards, roles and who took over from whom once for the
pages that show them.
"""
