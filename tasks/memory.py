"""A cap on the memory one job may take in a worker child.

A report template can ask for any amount of memory (``{{ 'x' * 50000000 }}`` and more); without a
cap the child grows until the kernel kills it, or another process. The child's address space is
limited to what it holds when it starts plus ``TASK_MEMORY_LIMIT_MB``: an allocation beyond that
raises MemoryError inside the job, which fails with a clear message (tasks/jobs.py), and the
child goes on serving the next job.
"""

from __future__ import annotations

import logging
import resource

log = logging.getLogger(__name__)

MB = 1024 * 1024


def address_space() -> int:
    """This process's current virtual memory size in bytes (Linux), or 0 if unknown."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def limit_memory(limit_mb: int) -> None:
    """Allow this process ``limit_mb`` MB of address space beyond what it uses now (0: no cap)."""
    current = address_space()
    if limit_mb <= 0 or not current:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = current + limit_mb * MB
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    log.debug("job memory capped at %s MB beyond %s MB", limit_mb, current // MB)
