"""PDF guides have no tables of their own yet; they are rendered from other apps' records."""
