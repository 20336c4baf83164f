"""Readers and writers, one module per file format. They sit at the edges of the flow."""
