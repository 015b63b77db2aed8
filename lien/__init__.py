"""Lien: teaching the therapeutic alliance and attachment styles, in French and English."""
