"""Process managers (event -> decision -> job or command) and the jobs that do side effects."""
