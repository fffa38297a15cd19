# SPDX-License-Identifier: GPL-2.0
# Sphinx configuration for igx's Documentation/ (make docs; Debian's
# python3-sphinx).  Plain reStructuredText: no extensions.
project = "igx"
copyright = "the igx authors"
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_title = "igx documentation"
# the literal blocks are shell sessions and captured output, not Python
highlight_language = "none"
