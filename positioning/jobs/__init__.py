"""Background work: the export and import tasks, the queue (a local pool or
Celery on Redis) and the worker."""
