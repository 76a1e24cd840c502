"""Runs the site's example scripts and renders their results into pages."""
