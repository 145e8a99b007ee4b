#ifndef INCIDENTD_CSYSTEMD_SHIM_H
#define INCIDENTD_CSYSTEMD_SHIM_H

// The libsystemd API that incidentd uses, and nothing else.
#include <string.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-bus.h>

// sd_bus_vtable entries cannot be filled from Swift: the struct starts with bit-fields and
// holds a union, and the SD_BUS_* macros are the only documented way to build it. These
// helpers fill one entry each, zeroing it first (sd-bus requires the unused union bytes to
// be zero). Bus.swift owns the array and the strings the entries point to.

/// SD_BUS_VTABLE_START(flags).
static inline void incidentd_bus_vtable_start(sd_bus_vtable *entry, uint64_t flags) {
    memset(entry, 0, sizeof *entry);
    const sd_bus_vtable value = SD_BUS_VTABLE_START(flags);
    *entry = value;
}

/// SD_BUS_METHOD_WITH_NAMES(member, signature, in names, result, out names, handler, flags);
/// `names` holds the in names then the out names, each NUL-terminated, each list ended by
/// an empty name.
static inline void incidentd_bus_vtable_method(
    sd_bus_vtable *entry, const char *member, const char *signature, const char *result,
    const char *names, sd_bus_message_handler_t handler, uint64_t flags) {
    memset(entry, 0, sizeof *entry);
    entry->type = _SD_BUS_VTABLE_METHOD;
    entry->flags = flags;
    entry->x.method.member = member;
    entry->x.method.signature = signature;
    entry->x.method.result = result;
    entry->x.method.handler = handler;
    entry->x.method.offset = 0;
    entry->x.method.names = names;
}

/// SD_BUS_SIGNAL_WITH_NAMES(member, signature, names, flags).
static inline void incidentd_bus_vtable_signal(
    sd_bus_vtable *entry, const char *member, const char *signature, const char *names, uint64_t flags) {
    memset(entry, 0, sizeof *entry);
    entry->type = _SD_BUS_VTABLE_SIGNAL;
    entry->flags = flags;
    entry->x.signal.member = member;
    entry->x.signal.signature = signature;
    entry->x.signal.names = names;
}

/// SD_BUS_PROPERTY(member, signature, get, 0, flags): read-only.
static inline void incidentd_bus_vtable_property(
    sd_bus_vtable *entry, const char *member, const char *signature, sd_bus_property_get_t get, uint64_t flags) {
    memset(entry, 0, sizeof *entry);
    entry->type = _SD_BUS_VTABLE_PROPERTY;
    entry->flags = flags;
    entry->x.property.member = member;
    entry->x.property.signature = signature;
    entry->x.property.get = get;
    entry->x.property.set = NULL;
    entry->x.property.offset = 0;
}

/// SD_BUS_VTABLE_END.
static inline void incidentd_bus_vtable_end(sd_bus_vtable *entry) {
    memset(entry, 0, sizeof *entry);
    entry->type = _SD_BUS_VTABLE_END;
}

/// The flag values of the anonymous enum (Swift does not import 64-bit anonymous enums
/// reliably).
static const uint64_t incidentd_bus_vtable_unprivileged = SD_BUS_VTABLE_UNPRIVILEGED;
static const uint64_t incidentd_bus_vtable_property_const = SD_BUS_VTABLE_PROPERTY_CONST;
static const uint64_t incidentd_bus_vtable_property_emits_change = SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE;

#endif
