"""Plan-to-report traceability: plan tasks, evidence retrieval in reports, verdicts (issue 5)."""
