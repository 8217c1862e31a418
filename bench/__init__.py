"""Benchmarks: scripts that seed realistic volumes and print figures (not run in CI)."""
