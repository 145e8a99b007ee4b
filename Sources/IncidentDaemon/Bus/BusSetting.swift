import Systemd

/// The `dbus:` setting and `--dbus` flag: which bus alert signals go to.
package enum BusSetting: Sendable, Equatable {
    /// The system bus when run as a systemd service (`$INVOCATION_ID` set), else off.
    case auto
    case off
    case bus(BusAddress)

    /// What a person should write, for error messages.
    package static let expected = "expected auto, system, session, off or a bus address such as unix:path=/run/dbus/system_bus_socket"

    /// Parses `auto`, `off`, `system`, `session` or a D-Bus address (`transport:key=value,…`).
    package init?(_ text: String) {
        switch text {
        case "auto": self = .auto
        case "off": self = .off
        case "system": self = .bus(.system)
        case "session": self = .bus(.session)
        default:
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
                  text[text.index(after: colon)...].contains("=")
            else { return nil }
            self = .bus(.address(text))
        }
    }

    /// The bus to connect to, or `nil` for none.
    ///
    /// - Parameter environment: Looks up `INVOCATION_ID`, which systemd sets for services.
    package func resolve(environment: (String) -> String?) -> BusAddress? {
        switch self {
        case .off: nil
        case .bus(let address): address
        case .auto: environment("INVOCATION_ID").map { _ in .system }
        }
    }
}
