#ifndef INCIDENTD_CLINUX_SHIM_H
#define INCIDENTD_CLINUX_SHIM_H

#include <stdint.h>

// Linux calls that Swift's Glibc module does not expose or cannot import. Only plain
// types cross this header; the implementations are in shim.c.

/// renameat2(..., RENAME_NOREPLACE): moves a file but fails with EEXIST instead of
/// replacing an existing name.
int incidentd_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// An eventfd counter (non-blocking, close-on-exec): the event loop's wake-up bell.
int incidentd_eventfd(void);

/// Blocks `signals` for the calling thread (and the threads it creates later) and returns
/// a non-blocking signalfd that reads them, or -1 with errno.
int incidentd_signalfd(const int *signals, int count);

/// The number of the next pending signal on a signalfd; 0 when none, -1 with errno.
int incidentd_signalfd_read(int fd);

/// epoll_create1(EPOLL_CLOEXEC).
int incidentd_epoll_create(void);

/// epoll_ctl(ADD when `add`, else DEL) for readability, with a 64-bit token.
/// (`struct epoll_event` is packed on x86-64, which Swift cannot import.)
int incidentd_epoll_watch(int epfd, int fd, uint64_t token, int add);

/// epoll_ctl(MOD) to readability (`readable`) and/or writability (`writable`).
int incidentd_epoll_modify(int epfd, int fd, uint64_t token, int readable, int writable);

/// epoll_wait that returns the tokens of the ready descriptors (at most 64).
int incidentd_epoll_wait(int epfd, uint64_t *tokens, int max, int timeout_ms);

/// epoll_wait that also returns each descriptor's events (bit 0: readable or hung up,
/// bit 1: writable).
int incidentd_epoll_wait_events(int epfd, uint64_t *tokens, uint32_t *events, int max, int timeout_ms);

/// Drops the program's code pages (its executable segment, mapped from the binary file)
/// from the resident set, and returns free heap pages (malloc_trim): start-up code
/// (argument parsing, YAML, the rule compiler) leaves the resident set, and the pages the
/// running daemon touches come back on demand from the page cache. Skipped for a binary
/// with text relocations (its code pages are private copies). Breakpoints and uprobes
/// placed in the program's code are dropped with the pages. Returns the size of the code
/// range released (not all of it was resident).
long incidentd_release_idle_pages(void);

#endif
