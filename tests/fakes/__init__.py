"""Protocol-level fakes of outside services (the fake AI server)."""
