"""The operator's tools: backups and restores, moving to PostgreSQL, soft deletion with a
retention period (the trash: the one model of this app), the health check and structured logs."""
