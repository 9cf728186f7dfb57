"""Lettres de mission: content (content.py), workflow (workflow.py), PDF (pdf.py), seal (sealing.py)."""
