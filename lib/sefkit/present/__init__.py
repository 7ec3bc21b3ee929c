"""sefkit.present (see ARCHITECTURE)."""
