"""Stakeholders: actor registry, relations, dated assessments per process, matrix, coverage."""
