import CSystemd

/// A received D-Bus message (a method call or a signal), kept alive while this value lives.
///
/// Corresponds to a referenced `sd_bus_message *`. Not `Sendable`: sd-bus objects belong
/// to the thread that drives their bus.
public final class BusMessage {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = sd_bus_message_ref(handle)
    }

    deinit { sd_bus_message_unref(handle) }

    /// The member (method or signal name).
    public var member: String { sd_bus_message_get_member(handle).map { String(cString: $0) } ?? "" }

    /// The sender's unique bus name (`:1.42`).
    public var sender: String { sd_bus_message_get_sender(handle).map { String(cString: $0) } ?? "" }

    /// Reads the next argument as a string (`s`).
    ///
    /// Corresponds to `sd_bus_message_read_basic(m, 's', …)`.
    public func readString() throws(SystemdError) -> String {
        var pointer: UnsafePointer<CChar>?
        let result = sd_bus_message_read_basic(handle, CChar(UInt8(ascii: "s")), &pointer)
        guard result > 0, let pointer else {
            throw SystemdError(function: "sd_bus_message_read_basic", result: result < 0 ? result : -74)  // EBADMSG
        }
        return String(cString: pointer)
    }

    /// Reads the next argument as an unsigned 32-bit integer (`u`).
    public func readUInt32() throws(SystemdError) -> UInt32 {
        var value: UInt32 = 0
        let result = sd_bus_message_read_basic(handle, CChar(UInt8(ascii: "u")), &value)
        guard result > 0 else {
            throw SystemdError(function: "sd_bus_message_read_basic", result: result < 0 ? result : -74)
        }
        return value
    }

    /// Answers this method call with `values`.
    ///
    /// Corresponds to `sd_bus_message_new_method_return` + appends + `sd_bus_send`.
    public func reply(_ values: [BusValue]) throws(SystemdError) {
        var reply: OpaquePointer?
        let result = sd_bus_message_new_method_return(handle, &reply)
        guard result >= 0, let reply else { throw SystemdError(function: "sd_bus_message_new_method_return", result: result) }
        defer { sd_bus_message_unref(reply) }
        for value in values { try value.append(to: reply) }
        let sent = sd_bus_send(nil, reply, nil)
        if sent < 0 { throw SystemdError(function: "sd_bus_send", result: sent) }
    }

    /// Answers this method call with the D-Bus error `name` and a human-readable `message`.
    ///
    /// Corresponds to `sd_bus_reply_method_error`.
    public func replyError(name: String, message: String) throws(SystemdError) {
        var error = sd_bus_error(name: nil, message: nil, _need_free: 0)
        defer { sd_bus_error_free(&error) }
        sd_bus_error_set(&error, name, message)
        let result = sd_bus_reply_method_error(handle, &error)
        if result < 0 { throw SystemdError(function: "sd_bus_reply_method_error", result: result) }
    }
}
