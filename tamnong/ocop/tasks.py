"""Background work of the ocop app: the worker loads the import so that its jobs (core.jobs) can run."""

from tamnong.ocop import imports  # noqa: F401 - registers the import's kind of background job
