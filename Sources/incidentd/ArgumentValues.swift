import ArgumentParser
import IncidentDaemon

extension OutputSetting: ExpressibleByArgument {}
extension JournalSetting: ExpressibleByArgument {}
