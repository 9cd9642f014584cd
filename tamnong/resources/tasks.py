"""Background work of the resources app: the worker loads the import so that its jobs (core.jobs) can run."""

from tamnong.resources import imports  # noqa: F401 - registers the import's kind of background job
