#ifndef INCIDENTD_CLINUX_SHIM_H
#define INCIDENTD_CLINUX_SHIM_H

// Linux calls that Swift's Glibc module does not expose, wrapped so the Swift side sees
// plain functions. _GNU_SOURCE is deliberately not defined here: it would make this
// module re-export its own copy of the libc types (struct stat…).
#include <sys/syscall.h>
#include <unistd.h>

#define INCIDENTD_RENAME_NOREPLACE (1 << 0)

/// renameat2(..., RENAME_NOREPLACE): moves a file but fails with EEXIST instead of
/// replacing an existing name. A static inline helper because glibc declares renameat2
/// only under _GNU_SOURCE, which the Swift Glibc module is not built with.
static inline int incidentd_rename_noreplace(int olddirfd, const char *oldpath,
                                             int newdirfd, const char *newpath) {
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath,
                        INCIDENTD_RENAME_NOREPLACE);
}

#endif
