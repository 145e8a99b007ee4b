/// A D-Bus interface an object offers: methods, read-only properties and signals, with
/// Swift closures behind them. ``Bus/addObject(path:interface:)`` turns it into an
/// `sd_bus_vtable`, so `busctl introspect` shows it with parameter names.
///
/// Not `Sendable`: the closures run on the thread that drives the bus.
public struct BusInterface {
    /// What a method handler answers.
    public enum Reply {
        /// A method return with these values, in the order of the declared results.
        case values([BusValue])
        /// A D-Bus error, e.g. `org.incidentd.Incidentd1.ReloadFailed`, and its text.
        case error(name: String, message: String)
        /// The handler kept the ``BusMessage`` and answers later with ``BusMessage/reply(_:)``.
        case later
    }

    /// A named argument: `("count", "u")`.
    public typealias Argument = (name: String, signature: String)

    public struct Method {
        public var name: String
        public var parameters: [Argument]
        public var results: [Argument]
        public var handler: (BusMessage) -> Reply

        public init(_ name: String, parameters: [Argument] = [], results: [Argument] = [], handler: @escaping (BusMessage) -> Reply) {
            self.name = name
            self.parameters = parameters
            self.results = results
            self.handler = handler
        }
    }

    public struct Property {
        /// How a property's value changes.
        public enum Change {
            /// Never while the object exists (`SD_BUS_VTABLE_PROPERTY_CONST`).
            case constant
            /// Announced with `PropertiesChanged` (`SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE`).
            case emitsChange
        }

        public var name: String
        public var signature: String
        public var change: Change
        public var get: () -> BusValue

        public init(_ name: String, signature: String, change: Change, get: @escaping () -> BusValue) {
            self.name = name
            self.signature = signature
            self.change = change
            self.get = get
        }
    }

    public struct Signal {
        public var name: String
        public var arguments: [Argument]

        public init(_ name: String, arguments: [Argument]) {
            self.name = name
            self.arguments = arguments
        }
    }

    public var name: String
    public var methods: [Method]
    public var properties: [Property]
    public var signals: [Signal]

    public init(name: String, methods: [Method] = [], properties: [Property] = [], signals: [Signal] = []) {
        self.name = name
        self.methods = methods
        self.properties = properties
        self.signals = signals
    }
}
