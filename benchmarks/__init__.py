"""Long runs that produce the published numbers (not tests)."""
