"""Tasks: work someone in the practice has to do, created by staff or by the product.

``tasks`` holds the Task aggregate; ``automatic`` the one mechanism every automatic source
uses (a deterministic id per source and subject, and a wanted/not-wanted assessment the task
is reconciled with, so the task resolves itself when its cause goes away); ``sources/`` the
pure assessments of the sources this context owns. Other contexts (billing) add theirs the
same way, without changing this package."""
