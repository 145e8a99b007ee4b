import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Which D-Bus bus to connect to.
public enum BusAddress: Sendable, Equatable, CustomStringConvertible {
    /// The system bus (`$DBUS_SYSTEM_BUS_ADDRESS`, else `/run/dbus/system_bus_socket`).
    case system
    /// The user's session bus (`$DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`).
    case session
    /// A bus address such as `unix:path=/tmp/bus.sock`.
    case address(String)

    public var description: String {
        switch self {
        case .system: "system"
        case .session: "session"
        case .address(let address): address
        }
    }
}

/// One connection to a D-Bus bus through sd-bus. The only place that calls `sd_bus_*`
/// (with ``BusMessage`` and ``BusValue``).
///
/// The connection never blocks in ``process()``: a caller with an event loop watches
/// ``fileDescriptor`` for ``wantsWrite`` (always for reading) and calls ``process()``
/// until it returns `false`. Not `Sendable`: sd-bus objects must be driven from one
/// thread at a time.
public final class Bus {
    let handle: OpaquePointer
    private var objects: [ObjectRegistration] = []

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        // Not sd_bus_flush_close_unref: flushing blocks until the peer reads.
        sd_bus_close_unref(handle)
    }

    /// Connects to `address`. For a Unix socket the connection is made at once (a missing
    /// or refusing socket fails here); authentication and `Hello` finish in ``process()``.
    ///
    /// Corresponds to `sd_bus_open_system`, `sd_bus_open_user`, or `sd_bus_new` +
    /// `sd_bus_set_address` + `sd_bus_set_bus_client` + `sd_bus_start`.
    /// - Throws: ``SystemdError``, e.g. `ENOENT` or `ECONNREFUSED` when no bus listens.
    public static func open(_ address: BusAddress) throws(SystemdError) -> Bus {
        var handle: OpaquePointer?
        switch address {
        case .system:
            let result = sd_bus_open_system(&handle)
            if result < 0 { throw SystemdError(function: "sd_bus_open_system", result: result) }
        case .session:
            let result = sd_bus_open_user(&handle)
            if result < 0 { throw SystemdError(function: "sd_bus_open_user", result: result) }
        case .address(let text):
            var result = sd_bus_new(&handle)
            if result < 0 { throw SystemdError(function: "sd_bus_new", result: result) }
            result = sd_bus_set_address(handle, text)
            if result >= 0 { result = sd_bus_set_bus_client(handle, 1) }
            if result >= 0 { result = sd_bus_start(handle) }
            if result < 0 {
                sd_bus_close_unref(handle)
                throw SystemdError(function: "sd_bus_start", result: result)
            }
        }
        guard let handle else { throw SystemdError(function: "sd_bus_open", result: -ENOMEM) }
        return Bus(handle: handle)
    }

    /// The connection's socket, to watch for readiness. Corresponds to `sd_bus_get_fd`.
    public var fileDescriptor: Int32 { sd_bus_get_fd(handle) }

    /// Whether queued outgoing data waits for the socket to become writable.
    /// Corresponds to `sd_bus_get_events` containing `POLLOUT`.
    public var wantsWrite: Bool {
        let events = sd_bus_get_events(handle)
        return events > 0 && events & Int32(POLLOUT) != 0
    }

    /// How long until sd-bus needs ``process()`` called for a timeout (a method call's
    /// reply or authentication), or `nil` when nothing is pending.
    /// Corresponds to `sd_bus_get_timeout`.
    public var timeout: Duration? {
        var usec: UInt64 = 0
        guard sd_bus_get_timeout(handle, &usec) >= 0, usec != UInt64.max else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nowUsec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        return .microseconds(Int64(clamping: usec > nowUsec ? usec - nowUsec : 0))
    }

    /// Whether the connection is still up (or still being set up).
    /// Corresponds to `sd_bus_is_open`.
    public var isOpen: Bool { sd_bus_is_open(handle) > 0 }

    /// The connection's unique name (`:1.42`), once `Hello` was answered.
    public var uniqueName: String? {
        var name: UnsafePointer<CChar>?
        guard sd_bus_get_unique_name(handle, &name) >= 0, let name else { return nil }
        return String(cString: name)
    }

    /// Does one step of pending work: reads, writes, dispatches a message to its handler.
    ///
    /// Corresponds to `sd_bus_process`.
    /// - Returns: Whether there may be more work; call again until `false`.
    /// - Throws: ``SystemdError`` when the connection failed or was closed (`ECONNRESET`,
    ///   `ENOTCONN`).
    public func process() throws(SystemdError) -> Bool {
        let result = sd_bus_process(handle, nil)
        if result < 0 { throw SystemdError(function: "sd_bus_process", result: result) }
        return result > 0
    }

    /// Blocks until the connection needs ``process()`` or `timeout` passes (for simple
    /// clients without an event loop). Corresponds to `sd_bus_wait`.
    public func wait(timeout: Duration? = nil) throws(SystemdError) {
        let usec = timeout.map { UInt64(max(0, $0.components.seconds)) * 1_000_000 + UInt64(max(0, $0.components.attoseconds)) / 1_000_000_000_000 } ?? UInt64.max
        let result = sd_bus_wait(handle, usec)
        if result < 0 && result != -EINTR { throw SystemdError(function: "sd_bus_wait", result: result) }
    }

    /// Publishes `interface` on the object at `path`; sd-bus adds
    /// `org.freedesktop.DBus.Introspectable`, `Properties` and `Peer` to it.
    ///
    /// Corresponds to `sd_bus_add_object_vtable` with a vtable built from `interface`.
    public func addObject(path: String, interface: BusInterface) throws(SystemdError) {
        let registration = ObjectRegistration(interface)
        let result = sd_bus_add_object_vtable(
            handle, nil, path, interface.name, registration.vtable.baseAddress,
            Unmanaged.passUnretained(registration).toOpaque())
        if result < 0 { throw SystemdError(function: "sd_bus_add_object_vtable", result: result) }
        objects.append(registration)
    }

    /// Asks the bus for the well-known `name` without waiting; `completion` runs from
    /// ``process()`` with `nil` once the name is ours, or with the reason it is not.
    ///
    /// Corresponds to `sd_bus_request_name_async` (not queued: fails when another
    /// connection owns the name).
    public func requestName(_ name: String, completion: @escaping (String?) -> Void) throws(SystemdError) {
        let box = CallbackBox { message in
            if let error = sd_bus_message_get_error(message) {
                let name = error.pointee.name.map { String(cString: $0) } ?? "error"
                completion(error.pointee.message.map { String(cString: $0) } ?? name)
                return 0
            }
            var code: UInt32 = 0
            _ = sd_bus_message_read_basic(message, CChar(UInt8(ascii: "u")), &code)
            switch code {
            case 1, 4: completion(nil)  // primary owner; already the owner
            case 3: completion("the name is owned by another connection")
            default: completion("the bus answered RequestName with \(code)")
            }
            return 0
        }
        var slot: OpaquePointer?
        let result = sd_bus_request_name_async(handle, &slot, name, 0, CallbackBox.trampoline, box.retainedPointer())
        if result < 0 {
            box.releasePointer()
            throw SystemdError(function: "sd_bus_request_name_async", result: result)
        }
        box.attach(to: slot)
    }

    /// Calls `handler` with every message matching `rule` (a D-Bus match rule such as
    /// `type='signal',interface='org.example.Foo1'`). Waits for the bus to confirm.
    ///
    /// Corresponds to `sd_bus_add_match`.
    public func addMatch(_ rule: String, handler: @escaping (BusMessage) -> Void) throws(SystemdError) {
        let box = CallbackBox { message in
            handler(BusMessage(message))
            return 0
        }
        var slot: OpaquePointer?
        let result = sd_bus_add_match(handle, &slot, rule, CallbackBox.trampoline, box.retainedPointer())
        if result < 0 {
            box.releasePointer()
            throw SystemdError(function: "sd_bus_add_match", result: result)
        }
        box.attach(to: slot)
    }

    /// Broadcasts a signal. The message is queued when the socket is full (see
    /// ``wantsWrite``); this never waits for a reader.
    ///
    /// Corresponds to `sd_bus_message_new_signal` + `sd_bus_message_append_basic` per
    /// value + `sd_bus_send` (`sd_bus_emit_signal` is variadic).
    public func emitSignal(path: String, interface: String, member: String, values: [BusValue]) throws(SystemdError) {
        var message: OpaquePointer?
        let result = sd_bus_message_new_signal(handle, &message, path, interface, member)
        guard result >= 0, let message else { throw SystemdError(function: "sd_bus_message_new_signal", result: result) }
        defer { sd_bus_message_unref(message) }
        for value in values { try value.append(to: message) }
        let sent = sd_bus_send(handle, message, nil)
        if sent < 0 { throw SystemdError(function: "sd_bus_send", result: sent) }
    }

    /// Announces new values of `properties` with `org.freedesktop.DBus.Properties.PropertiesChanged`
    /// (the values are read from the interface's getters).
    ///
    /// Corresponds to `sd_bus_emit_properties_changed_strv`.
    public func emitPropertiesChanged(path: String, interface: String, properties: [String]) throws(SystemdError) {
        var pointers: [UnsafeMutablePointer<CChar>?] = properties.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        let result = pointers.withUnsafeMutableBufferPointer {
            sd_bus_emit_properties_changed_strv(handle, path, interface, $0.baseAddress)
        }
        if result < 0 { throw SystemdError(function: "sd_bus_emit_properties_changed_strv", result: result) }
    }
}

/// A Swift closure behind a C callback whose slot the bus owns: retained while the slot
/// exists, released by the slot's destroy callback.
private final class CallbackBox {
    let body: (OpaquePointer) -> Int32

    init(_ body: @escaping (OpaquePointer) -> Int32) { self.body = body }

    func retainedPointer() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    func releasePointer() { Unmanaged.passUnretained(self).release() }

    /// Hands the slot to the bus (floating) and releases this box when the slot goes.
    func attach(to slot: OpaquePointer?) {
        guard let slot else { return }
        sd_bus_slot_set_destroy_callback(slot) { userdata in
            if let userdata { Unmanaged<CallbackBox>.fromOpaque(userdata).release() }
        }
        sd_bus_slot_set_floating(slot, 1)
        sd_bus_slot_unref(slot)
    }

    static let trampoline: sd_bus_message_handler_t = { message, userdata, _ in
        guard let message, let userdata else { return 0 }
        return Unmanaged<CallbackBox>.fromOpaque(userdata).takeUnretainedValue().body(message)
    }
}

/// An object's vtable and the strings it points to, alive as long as the bus.
private final class ObjectRegistration {
    let interface: BusInterface
    let vtable: UnsafeMutableBufferPointer<sd_bus_vtable>
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private let methods: [String: BusInterface.Method]
    private let properties: [String: BusInterface.Property]

    init(_ interface: BusInterface) {
        self.interface = interface
        methods = Dictionary(interface.methods.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        properties = Dictionary(interface.properties.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let count = 2 + interface.methods.count + interface.properties.count + interface.signals.count
        vtable = .allocate(capacity: count)
        var index = 0
        incidentd_bus_vtable_start(vtable.baseAddress! + index, 0)
        index += 1
        // Every method is unprivileged for sd-bus: who may call what is the bus policy's
        // job (systemd/org.incidentd.Incidentd1.conf). sd-bus's own check would query the
        // caller's credentials synchronously, from inside the event loop.
        for method in interface.methods {
            incidentd_bus_vtable_method(
                vtable.baseAddress! + index, string(method.name),
                string(method.parameters.map(\.signature).joined()), string(method.results.map(\.signature).joined()),
                names(method.parameters + method.results), Self.methodTrampoline, incidentd_bus_vtable_unprivileged)
            index += 1
        }
        for property in interface.properties {
            let flags =
                property.change == .constant ? incidentd_bus_vtable_property_const : incidentd_bus_vtable_property_emits_change
            incidentd_bus_vtable_property(
                vtable.baseAddress! + index, string(property.name), string(property.signature), Self.propertyTrampoline, flags)
            index += 1
        }
        for signal in interface.signals {
            incidentd_bus_vtable_signal(
                vtable.baseAddress! + index, string(signal.name), string(signal.arguments.map(\.signature).joined()),
                names(signal.arguments), 0)
            index += 1
        }
        incidentd_bus_vtable_end(vtable.baseAddress! + index)
    }

    deinit {
        vtable.deallocate()
        for pointer in strings { free(pointer) }
    }

    private func string(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        strings.append(pointer)
        return pointer
    }

    /// Parameter names as sd-bus wants them: each NUL-terminated, then one more NUL.
    private func names(_ arguments: [BusInterface.Argument]) -> UnsafeMutablePointer<CChar> {
        var bytes: [UInt8] = []
        for argument in arguments { bytes += Array(argument.name.utf8) + [0] }
        bytes.append(0)
        // malloc, not allocate(capacity:): every string here is freed with free().
        let copy = malloc(bytes.count)!.assumingMemoryBound(to: CChar.self)
        for (offset, byte) in bytes.enumerated() { copy[offset] = CChar(bitPattern: byte) }
        strings.append(copy)
        return copy
    }

    private func call(_ message: OpaquePointer) -> Int32 {
        let call = BusMessage(message)
        guard let method = methods[call.member] else { return -EOPNOTSUPP }
        switch method.handler(call) {
        case .values(let values):
            do { try call.reply(values) } catch { return -error.errno }
        case .error(let name, let text):
            do { try call.replyError(name: name, message: text) } catch { return -error.errno }
        case .later:
            break
        }
        return 1
    }

    private func get(_ property: String, into reply: OpaquePointer) -> Int32 {
        guard let property = properties[property] else { return -EOPNOTSUPP }
        do { try property.get().append(to: reply) } catch { return -error.errno }
        return 1
    }

    static let methodTrampoline: sd_bus_message_handler_t = { message, userdata, _ in
        guard let message, let userdata else { return -EINVAL }
        return Unmanaged<ObjectRegistration>.fromOpaque(userdata).takeUnretainedValue().call(message)
    }

    static let propertyTrampoline: sd_bus_property_get_t = { _, _, _, property, reply, userdata, _ in
        guard let property, let reply, let userdata else { return -EINVAL }
        return Unmanaged<ObjectRegistration>.fromOpaque(userdata).takeUnretainedValue().get(String(cString: property), into: reply)
    }
}
