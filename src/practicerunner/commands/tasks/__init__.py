"""Commands of the tasks context: tasks staff create and work on. Automatic tasks are
reconciled by ``processes/tasks/automatic``; staff comment on, resolve and reopen them here."""
