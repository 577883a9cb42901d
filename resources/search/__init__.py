"""The library's search, one job a module; each imports only the ones above it:

- ``analysis``: the reader's words as the index holds them (Korean as syllable pairs), and
  ``Words``, what is searched, as one SQL text query;
- ``expansion``: the words widened by the glossary (what a term is also called, in either
  language);
- ``facets``: the facets and their counts, from bitmaps of resource ids kept in memory;
- ``query``: the words as a text query, and the first query of a search (the hits, the total,
  the page's ids), the spelling correction, the ordered hits for exports;
- ``groups``: the glossary's wide searches kept with their hits (search groups), made and
  checked;
- ``hits``: loading the page's hits (``Hit``) with their publishers and headlines;
- ``state``: the search as URL parameters, and every link that changes one thing;
- ``rendering``: the HTML of the hit list and the facet blocks (through ``common.html``);
- ``page``: one page of a search as the page shows it (``search_library``).

This module imports none of them, so each can be imported alone.
"""
