"""Test support shared by every service: infrastructure URLs, polling with a deadline, events, HTTP helpers."""
