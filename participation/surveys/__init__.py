"""Surveys: builder, answering online and by staff entry, results with suppression, exports."""
