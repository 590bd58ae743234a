"""The billing context's routes."""
