"""Read models of the tasks context: the task list (with its comments), and Needs Attention
(open tasks per assignee and per practice, with counts by type kept up to date by the
projection, and a revision per practice for cheap polling)."""
