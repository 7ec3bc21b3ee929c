"""sefkit.apps (see ARCHITECTURE)."""
