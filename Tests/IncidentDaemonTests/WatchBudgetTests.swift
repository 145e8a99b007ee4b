import IncidentDaemon
import Testing

@Suite struct WatchBudgetTests {
    @Test func pastTheLimitOneOverflowStandsForEveryDroppedName() {
        let budget = WatchBudget(limit: 2)
        #expect(budget.admit(.arrived("a")) == .arrived("a"))
        #expect(budget.admit(.arrived("b")) == .arrived("b"))
        #expect(budget.admit(.arrived("c")) == .overflow)
        #expect(budget.admit(.arrived("d")) == nil, "the rescan will list it")
        #expect(budget.admit(.overflow) == nil, "the kernel's overflow is the same rescan")
        #expect(budget.admit(.lost) == .lost)
    }

    @Test func aRescanReopensTheBudget() {
        let budget = WatchBudget(limit: 1)
        #expect(budget.admit(.arrived("a")) == .arrived("a"))
        #expect(budget.admit(.arrived("b")) == .overflow)
        budget.consumed()
        #expect(budget.isDrained)
        budget.rescanning()
        #expect(budget.admit(.arrived("c")) == .arrived("c"))
        #expect(!budget.isDrained)
    }
}
