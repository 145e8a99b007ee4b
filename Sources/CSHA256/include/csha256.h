#ifndef INCIDENTD_CSHA256_H
#define INCIDENTD_CSHA256_H

#include <stddef.h>
#include <stdint.h>

// SHA-256's block function on the CPU's SHA extensions (x86-64 SHA-NI), for IncidentCore's
// SHA256, which keeps its portable Swift block function for CPUs without them. Pure
// computation: no libc, no I/O.

/// Whether this CPU has the SHA extensions (and the SSSE3/SSE4.1 the code also uses).
int incidentd_sha256_accelerated(void);

/// Compresses `blocks` 64-byte blocks of `data` into `state` (a, b, … h). Call only when
/// incidentd_sha256_accelerated() returned 1.
void incidentd_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
