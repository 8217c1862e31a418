"""Council participation reports (HTML + ReportLab PDF), archived immutable versions, scheduled
runs."""
