"""Engine-neutral search (see the search-core issue)."""
