"""Routes of the tasks context: the task list and Needs Attention."""
