"""Routes auditors use: any aggregate's or case's history at a version or an instant."""
