"""Publishing: run the report notebook in warm kernels and export HTML, PDF, Word and JSON."""
