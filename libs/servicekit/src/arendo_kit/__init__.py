"""Shared plumbing of every Arendo service."""
