/// The last alerts' JSON records, in a fixed-size ring, for `RecentAlerts(u count)`.
package struct RecentAlerts: Sendable, Equatable {
    /// How many records are kept; 0 keeps none.
    package let capacity: Int
    private var records: [String] = []
    /// Where the next record goes once the ring is full.
    private var next = 0

    package init(capacity: Int) {
        self.capacity = max(0, capacity)
        records.reserveCapacity(min(self.capacity, 1024))
    }

    package mutating func append(_ record: String) {
        guard capacity > 0 else { return }
        if records.count < capacity {
            records.append(record)
        } else {
            records[next] = record
            next = (next + 1) % capacity
        }
    }

    /// Up to `count` records, newest first.
    package func newest(_ count: Int) -> [String] {
        let wanted = min(max(0, count), records.count)
        var result: [String] = []
        result.reserveCapacity(wanted)
        // The newest record sits just before `next` once the ring has wrapped, else last.
        var index = (records.count < capacity ? records.count : next) - 1
        for _ in 0..<wanted {
            if index < 0 { index += records.count }
            result.append(records[index])
            index -= 1
        }
        return result
    }
}
