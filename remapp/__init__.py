"""remapp: the OpenREM application (import, store, show and export radiation dose data)."""
