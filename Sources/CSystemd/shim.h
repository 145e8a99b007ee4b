#ifndef INCIDENTD_CSYSTEMD_SHIM_H
#define INCIDENTD_CSYSTEMD_SHIM_H

// The libsystemd API that incidentd uses, and nothing else.
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-bus.h>

#endif
