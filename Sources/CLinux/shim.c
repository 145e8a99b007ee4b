// Linux calls that Swift's Glibc module does not expose or cannot import (packed
// structs, _GNU_SOURCE-only declarations), compiled here so the header the Swift side
// sees declares plain functions over plain types and defines no libc types of its own.
#define _GNU_SOURCE 1
#include "shim.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INCIDENTD_RENAME_NOREPLACE (1 << 0)

/// renameat2(..., RENAME_NOREPLACE): moves a file but fails with EEXIST instead of
/// replacing an existing name. A helper because glibc declares renameat2
/// only under _GNU_SOURCE, which the Swift Glibc module is not built with.
int incidentd_rename_noreplace(int olddirfd, const char *oldpath,
                                             int newdirfd, const char *newpath) {
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath,
                        INCIDENTD_RENAME_NOREPLACE);
}

/// An eventfd counter (non-blocking, close-on-exec): the event loop's wake-up bell.
int incidentd_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

/// Blocks `signals` for the calling thread (and the threads it creates later) and returns
/// a non-blocking signalfd that reads them, or -1 with errno.
int incidentd_signalfd(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/// The number of the next pending signal on a signalfd; 0 when none, -1 with errno.
int incidentd_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n == (ssize_t)sizeof info) return (int)info.ssi_signo;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    return -1;
}

/// epoll_create1(EPOLL_CLOEXEC).
int incidentd_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

/// epoll_ctl(ADD or DEL) for readability, with a 64-bit token. `struct epoll_event` is
/// packed on x86-64, which Swift cannot import, hence the wrappers.
int incidentd_epoll_watch(int epfd, int fd, uint64_t token, int add) {
    struct epoll_event event = {.events = EPOLLIN, .data = {.u64 = token}};
    return epoll_ctl(epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &event);
}

int incidentd_epoll_modify(int epfd, int fd, uint64_t token, int readable, int writable) {
    struct epoll_event event = {.events = (readable ? EPOLLIN : 0) | (writable ? EPOLLOUT : 0), .data = {.u64 = token}};
    return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event);
}

int incidentd_epoll_wait_events(int epfd, uint64_t *tokens, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event ready[64];
    if (max > 64) max = 64;
    int n = epoll_wait(epfd, ready, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        tokens[i] = ready[i].data.u64;
        uint32_t e = 0;
        if (ready[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) e |= 1;
        if (ready[i].events & EPOLLOUT) e |= 2;
        events[i] = e;
    }
    return n;
}

/// epoll_wait that returns the tokens of ready descriptors.
int incidentd_epoll_wait(int epfd, uint64_t *tokens, int max, int timeout_ms) {
    struct epoll_event events[64];
    if (max > 64) max = 64;
    int n = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < n; i++) tokens[i] = events[i].data.u64;
    return n;
}

/// Whether a loaded object's dynamic section asks for text relocations.
static int has_text_relocations(const struct dl_phdr_info *info) {
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_DYNAMIC) continue;
        for (const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + segment->p_vaddr);
             entry->d_tag != DT_NULL; entry++) {
            if (entry->d_tag == DT_TEXTREL) return 1;
            if (entry->d_tag == DT_FLAGS && (entry->d_un.d_val & DF_TEXTREL)) return 1;
        }
    }
    return 0;
}

/// dl_iterate_phdr's first object is the program itself; stops there.
static int release_program_text(struct dl_phdr_info *info, size_t size, void *released) {
    (void)size;
    if (has_text_relocations(info)) return 1;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_X) || (segment->p_flags & PF_W)) continue;
        // Whole pages inside the segment only (the mapping never holds another
        // segment's pages, but the rounding keeps the range inside this one).
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + segment->p_vaddr + segment->p_filesz) & ~(page - 1);
        if (end <= start) continue;
        if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) {
            *(long *)released += (long)(end - start);
        }
    }
    return 1;
}

long incidentd_release_idle_pages(void) {
    long released = 0;
    dl_iterate_phdr(release_program_text, &released);
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    return released;
}
