"""sefkit: inspection-readiness and self-evaluation workbook for area SEND partnerships."""

__version__ = "0.1.0"
