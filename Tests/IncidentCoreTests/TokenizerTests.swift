import Testing
@testable import IncidentCore

@Suite("Text: tokens and sentences")
struct TokenizerTests {
    /// The sentences of `text`, as written.
    private func sentences(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            let text = UnsafeBufferPointer(buffer)
            var tokenizer = Tokenizer()
            tokenizer.run(text)
            return tokenizer.sentences.map { s in
                let start = Int(tokenizer.tokens[Int(s.first)].start)
                let end = Int(tokenizer.tokens[Int(s.end) - 1].end)
                return String(decoding: text[start..<end], as: UTF8.self)
            }
        }
    }

    @Test("the packed byte classes agree with the class table for every byte")
    func byteClassConstants() {
        for b in 0...255 {
            #expect(ByteClass.of(UInt8(b)) == ByteClass.table[b], "byte \(b)")
        }
    }

    @Test("abbreviations, acronyms, decimals and times do not end a sentence")
    func abbreviations() {
        let text = "Mr. Smith met U.S. officials at 10 a.m. on Friday. The 3.5 tonne truck left at 10:30. It was Dr. Lee's car."
        #expect(sentences(text) == [
            "Mr. Smith met U.S. officials at 10 a.m. on Friday",
            "The 3.5 tonne truck left at 10:30",
            "It was Dr. Lee's car",
        ])
    }

    @Test("a sentence ending in an abbreviation followed by a capitalised sentence splits")
    func acronymAtEnd() {
        let result = sentences("The strike was condemned by the U.S. The embassy was closed.")
        #expect(result.count == 2)
        #expect(result.last == "The embassy was closed")
    }

    @Test("quotes, question marks and paragraph breaks end sentences")
    func quotesAndParagraphs() {
        let text = "“Who did this?” he asked. Officials said nothing\n\nA headline without a stop\nNext paragraph."
        let result = sentences(text)
        #expect(result.count == 4)
        #expect(result[0].hasPrefix("“Who did this"))
    }

    @Test("a line that ends mid-sentence goes on in a next line that starts in lowercase")
    func softWraps() {
        // Mostly whole lines, so the text is not taken for one hard-wrapped throughout.
        // A line ending in a word that closes a clause ("no damage", "incidents,") ends there.
        let text = "Country risk: HIGH.\n- MISRATA: Arsonists set fire to the\n  ground floor of the consulate.\nTUNIS: calm.\nSFAX: no damage\ntwo guards killed.\nNo incidents,\nall quiet."
        #expect(sentences(text) == [
            "Country risk: HIGH",
            "- MISRATA: Arsonists set fire to the\n  ground floor of the consulate",
            "TUNIS: calm",
            "SFAX: no damage",
            "two guards killed",
            "No incidents,",
            "all quiet",
        ])
    }

    @Test("a figure written together with a unit of length is a number and a unit")
    func glued() {
        let text = "A bomb went off 400m from the embassy, 1KM from the port; 2x guards, G7, 9am, 3.5km."
        var bytes = Array(text.utf8)
        let tokens: [(String, Token.Kind, Int64)] = bytes.withUnsafeMutableBufferPointer { buffer in
            let text = UnsafeBufferPointer(buffer)
            var tokenizer = Tokenizer()
            tokenizer.run(text)
            return tokenizer.tokens.filter { $0.kind != .punct }.map {
                (String(decoding: text[Int($0.start)..<Int($0.end)], as: UTF8.self), $0.kind, $0.value)
            }
        }
        let words = tokens.map(\.0)
        #expect(words.contains("400") && words.contains("m") && !words.contains("400m"))
        #expect(tokens.contains { $0.0 == "400" && $0.1 == .number && $0.2 == 400 })
        #expect(words.contains("1") && words.contains("KM"))
        for kept in ["2x", "G7", "9am", "3.5km"] { #expect(words.contains(kept), "\(kept)") }
    }

    @Test("thousands grouped with commas or dots are one figure; decimals are no count")
    func thousands() {
        let text = "1,200 and 1.200 and 3.500.000 people; 3.5 and 12.50 and 1,200.500 and 1234.567."
        var bytes = Array(text.utf8)
        let numbers: [(String, Int64)] = bytes.withUnsafeMutableBufferPointer { buffer in
            let text = UnsafeBufferPointer(buffer)
            var tokenizer = Tokenizer()
            tokenizer.run(text)
            return tokenizer.tokens.filter { $0.kind == .number }.map {
                (String(decoding: text[Int($0.start)..<Int($0.end)], as: UTF8.self), $0.value)
            }
        }
        #expect(numbers.map(\.0) == ["1,200", "1.200", "3.500.000", "3.5", "12.50", "1,200.500", "1234.567"])
        #expect(numbers.map(\.1) == [1200, 1200, 3_500_000, -1, -1, -1, -1])
    }

    @Test("token offsets point into the original UTF-8 bytes")
    func offsets() {
        let text = "Zürich’s consulate — hit."
        var bytes = Array(text.utf8)
        let words: [String] = bytes.withUnsafeMutableBufferPointer { buffer in
            let text = UnsafeBufferPointer(buffer)
            var tokenizer = Tokenizer()
            tokenizer.run(text)
            return tokenizer.tokens.filter { $0.kind == .word }.map {
                String(decoding: text[Int($0.start)..<Int($0.end)], as: UTF8.self)
            }
        }
        #expect(words.contains("Zürich"))
        #expect(words.contains("consulate"))
        #expect(words.contains("hit"))
    }

    @Test("curly apostrophes and quotes match like straight ones")
    func curlyQuotes() {
        #expect(alert(missionRule, "A missile damaged the ambassador’s residence.") != nil)
        #expect(alert(missionRule, "A missile damaged the ambassador's residence.") != nil)
    }

    @Test("matching ignores case")
    func caseInsensitive() {
        #expect(alert(missionRule, "MISSILE DAMAGED THE EMBASSY") != nil)
    }
}
