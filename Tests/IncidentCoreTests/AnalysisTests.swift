import Testing
@testable import IncidentCore

@Suite struct AnalysisTests {
    @Test("a token compared with a word in place agrees with its lowercased text")
    func isWordAgreesWithLower() {
        var text = "The AGED, aged 30; of the 38 OF Them, including incl. Incl. ages age an A a \u{212A} café naïve e\u{301}"
        let words = ["the", "aged", "of", "them", "including", "incl.", "ages", "age", "an", "a", "k", "caf", "naive", "e"]
        text.withUTF8 { bytes in
            let analysis = Analysis(text: bytes, rules: .builtin)
            for t in analysis.tokens.indices {
                for word in words {
                    #expect(analysis.isWord(t, word) == (analysis.lower(t) == word), "\(analysis.lower(t)) \(word)")
                }
            }
        }
    }
}
