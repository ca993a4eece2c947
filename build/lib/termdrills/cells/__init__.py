"""Outputs a lesson's code cells display, the same in Jupyter and on the course site.

- `key_terms`: a lesson's key terms as a table (``key_terms(g, "slug")``);
- `aligned`: glossary example pairs in the aligned bilingual view (``aligned(g, ID)``).
"""
