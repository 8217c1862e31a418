"""Operations (issue 13, operator's kit): health and readiness, ``flask doctor``, backup and
restore, JSON logs, GDPR export/erase of one person and the generated privacy page."""
