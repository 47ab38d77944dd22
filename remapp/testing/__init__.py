"""Helpers for tests and demo data (no test framework imports here)."""
