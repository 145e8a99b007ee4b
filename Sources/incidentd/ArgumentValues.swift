import ArgumentParser
import IncidentDaemon

extension OutputSetting: ExpressibleByArgument {}
extension JournalSetting: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
