import Testing
@testable import IncidentCore

@Suite("Casualty counts")
struct NumberTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var killed: Int?
        var injured: Int?
        var testDescription: String { text }
    }

    @Test("figures are read as news writes them", arguments: [
        Case(text: "At least 16 people were killed.", killed: 16),
        Case(text: "More than 1,200 people were injured.", injured: 1200),
        Case(text: "Two people were killed and twenty-three wounded.", killed: 2, injured: 23),
        Case(text: "A dozen people were hurt.", injured: 12),
        Case(text: "Half a dozen people were hurt and a dozen were killed.", killed: 12, injured: 6),
        Case(text: "The shelling killed half a dozen soldiers.", killed: 6),
        Case(text: "Three children, aged between 11 and 13, were treated for cuts.", injured: 3),
        Case(text: "A boy aged 7, and 12 other people were injured.", injured: 12),
        Case(text: "The bomb wounded 14 people. Two of the injured later died.", killed: 2, injured: 14),
        Case(text: "Two workers succumbed to their injuries.", killed: 2),
        Case(text: "Dead - 4, injured - 12.", killed: 4, injured: 12),
        Case(text: "More than 1.200 persons were injured.", injured: 1200),
        Case(text: "Only nine survived, four of them with serious injuries.", injured: 4),
        Case(text: "The death toll from the magnitude-7.1 earthquake has climbed to 126, with more than 1,200 people injured.", killed: 126, injured: 1200),
        Case(text: "Five wounded people, including a woman of 70, were taken to hospital.", injured: 5),
        Case(text: "The death toll from an overnight missile and drone attack on Kyiv climbed to 19.", killed: 19),
        Case(text: "The death toll was five and the number of people injured climbed to 20.", killed: 5, injured: 20),
        Case(text: "By evening the ministry put the toll at 11, with 27 wounded.", killed: 11, injured: 27),
        Case(text: "The death toll stood at 11 and 27 people were hurt.", killed: 11, injured: 27),
        Case(text: "They put the toll at between 12 and 15 dead and between 20 and 30 injured.", killed: 15, injured: 30),
        Case(text: "The toll rose to 11, with several wounded.", killed: 11),
        Case(text: "The toll rose to 11, with many more injured.", killed: 11),
        Case(text: "Injured are 7, among them a cleaner.", injured: 7),
        Case(text: "Two guards were killed and injured are four.", killed: 2, injured: 4),
        Case(text: "38 of the 120 soldiers in one assault battalion had been killed.", killed: 38),
        Case(text: "The celebration was shadowed by one death.", killed: 1),
        Case(text: "Some 40 others were still receiving treatment at the teaching hospital.", injured: 40),
        Case(text: "Killed — none; injured — 3, all police officers.", injured: 3),
        Case(text: "Killed — none, injured — 3.", injured: 3),
        Case(text: "The death toll rose to 11 and officials fear it could reach 30.", killed: 11),
        Case(text: "The man who was killed was 34, police said.", killed: nil),
        Case(text: "A bus carrying 40 passengers overturned on Monday with one person killed.", killed: 1),
        Case(text: "The death toll rose from 5 in May to 11 in June.", killed: 11),
        Case(text: "Three police officers sustained multiple injuries in the blast.", injured: 3),
        Case(text: "Those killed were 3 police officers, the ministry said.", killed: 3),
        Case(text: "The fire claimed 12 lives.", killed: 12),
        Case(text: "Boats rescued them. Fifteen survivors were treated for injuries.", injured: 15),
        Case(text: "The death toll from Saturday's airstrike on a United Nations compound in the eastern city of Dar Amin has risen to five.", killed: 5),
        // A markdown table: a count column's largest figure, a total row included; zeros and
        // years state none, nor do columns of other things.
        Case(text: "Figures:\n\n| District | Killed | Injured | Homes |\n|---|---|---|---|\n| Altmark | 4 | 10 | 1,250 |\n| Seebrueck | 0 | at least 22 | 2,900 |\n| **Total** | **4** | **32** | **4,150** |\n", killed: 4, injured: 32),
        Case(text: "| Year | Killed |\n|---|---|\n| 2019 | 2019 |\n", killed: nil),
        Case(text: "| No. | District | Killed | Injured |\n|---|---|---|---|\n| 1 | Altmark | 4 | 10 |\n| - | - | - | - |\n| 2 | Lindau | 9 | 30 |\n", killed: 9, injured: 30),
        Case(text: "District | Killed | Injured\n---|---|---\nAltmark | 4 | 10\n", killed: 4, injured: 10),
        Case(text: "| | |\n|---|---|\n| Location | Lima |\n| Deaths | 17 (14 rebels, 1 hostage, 2 commandos) |\n", killed: 17),
        Case(text: "| Name | Age | Injuries |\n|---|---|---|\n| A. Smith | 34 | broken arm |\n", injured: nil),
        Case(text: "Report\n\n- Killed - 3\n- Injured - 5\n", killed: 3, injured: 5),
        Case(text: "| Item | Value |\n|---|---|\n| Deaths | 0 |\n| Injuries | 3 |\n", killed: nil, injured: 3),
        Case(text: "Report\nKilled | 12\nInjured | 30\nMissing | 4\n", killed: 12, injured: 30),
        Case(text: "| Building | Staff present | Injured | Not injured |\n|---|---|---|---|\n| Chancery | 48 | 3 | 45 |\n", injured: 3),
        Case(text: "| Province | Killed | Injured |\n|---|---|---|\n| North | 3 | 5 |\n| Year | Displaced | Homes destroyed |\n|---|---|---|\n| 2023 | 5000 | 1200 |\n", killed: 3, injured: 5),
        Case(text: "| Killed - 3 |\n| Injured - 5 |\n", killed: 3, injured: 5),
        Case(text: "A bomb killed two guards. The death toll is unclear after the United Nations said displacement had topped 100,000.", killed: 2),
        Case(text: "The death toll among civilians after ten days of fighting had risen to 413.", killed: 413),
        Case(text: "Seven people were killed, three of them with gunshot wounds.", killed: 7, injured: nil),
        Case(text: "Twelve people died, four of them from their wounds.", killed: 12, injured: nil),
        Case(text: "Police said three of the dead and 12 of the wounded were foreigners.", killed: 3, injured: 12),
        Case(text: "The crash killed 38 of the 67 people on board.", killed: 38),
        Case(text: "Of the 67 people on board, 38 died.", killed: 38),
        Case(text: "The strike destroyed a house, killing four and injuring 17.", killed: 4, injured: 17),
        Case(text: "The death toll rose to 23 on Friday.", killed: 23),
        Case(text: "Some 20 others were injured.", injured: 20),
        Case(text: "Three million people were displaced and 12 were killed.", killed: 12),
        Case(text: "Two hundred people were wounded.", injured: 200),
        Case(text: "Dozens of people were wounded.", injured: nil),
        Case(text: "Hundreds were injured and 5 were killed.", killed: 5, injured: nil),
        Case(text: "Several people were hurt.", injured: nil),
        Case(text: "All 29 survivors, three of them children, were taken to hospital with injuries.", injured: 29),
        // Security reports and revised totals.
        Case(text: "SITREP\n- 2x national staff KIA.\n- 3x WIA.", killed: 2, injured: 3),
        Case(text: "Casualties: KIA x2, WIA x5.", killed: 2, injured: 5),
        Case(text: "The minister revised the death toll down to 95 from the 103 announced earlier.", killed: 103),
        // Figures given as a field's value.
        Case(text: "Casualty summary: Killed (12); Wounded (40).", killed: 12, injured: 40),
        Case(text: "Killed: 12. Injured: 40.", killed: 12, injured: 40),
        Case(text: "Wounded (2x), KIA (1)", killed: 1, injured: 2),
        Case(text: "Casualties: 3 killed", killed: 3, injured: nil),
        Case(text: "Three were killed: two soldiers and a civilian.", killed: 3),
        Case(text: "Killed: at least 12. Injured: about 30.", killed: 12, injured: 30),
        Case(text: "Killed: 12 to 15.", killed: 15),
        Case(text: "- Killed: 2 Wounded: 3 Missing: 1", killed: 2, injured: 3),
        Case(text: "In Sector 4, killed (3) and wounded (5).", killed: 3, injured: 5),
        Case(text: "Victims: Ahmed Bakr, killed (34); Sara Haddad, injured (29).", killed: nil, injured: nil),
        Case(text: "Location: UN compound, Gao road\nKilled: 3\nWounded: 11", killed: 3, injured: 11),
        Case(text: "Victims: Ahmed Bakr,\nkilled (34); Sara Haddad,\ninjured (29).", killed: nil, injured: nil),
        Case(text: "KIA: x2. WIA: x5.", killed: 2, injured: 5),
    ])
    func figures(_ example: Case) throws {
        try expectFigures(example)
    }

    @Test("ranges give their upper figure, unless they are dates, times, scores or shares", arguments: [
        Case(text: "A bomb killed between 20 and 25 people.", killed: 25),
        Case(text: "Gunmen killed 3 to 5 villagers.", killed: 5),
        Case(text: "The quake killed 12-15 people.", killed: 15),
        Case(text: "The quake killed 12 - 15 people.", killed: 15),
        Case(text: "Two people were killed between 10 and 14 March.", killed: 2),
        Case(text: "Nine people were killed between 8 and 10 p.m.", killed: 9),
        Case(text: "The team lost 1-3 and two fans were killed.", killed: 2),
        Case(text: "An estimated 10-20% of the residents were injured.", injured: nil),
        Case(text: "Officials put the toll at between 12 and 15 dead and between 20 and 30 injured.", killed: 15, injured: 30),
    ])
    func ranges(_ example: Case) throws {
        try expectFigures(example)
    }

    @Test("number words with 'and', and ages that are no counts", arguments: [
        Case(text: "Two hundred and twenty-four people died in the two attacks.", killed: 224),
        Case(text: "A hundred and 20 people were hurt.", injured: 120),
        Case(text: "A hundred and twelve bodies were recovered.", killed: 112),
        Case(text: "The ambassador, who was 62, and two guards were killed.", killed: 2),
        Case(text: "Vinter, who spent four decades abroad, was killed in the crash with two aides.", killed: nil),
        // A relative clause between commas describes the subject; its figures count nothing.
        Case(text: "The envoy, who had served in three capitals, was killed in the blast.", killed: nil),
        Case(text: "Two envoys, who had served in five capitals, were killed in the blast.", killed: 2),
        Case(text: "The bombing, which wounded 14 people, killed three guards.", killed: 3, injured: 14),
        Case(text: "The injured, who numbered 45, were taken to hospital.", injured: 45),
        // An aside listing who they were: the count stands before it.
        Case(text: "Four people, three protesters and a police officer, were injured.", injured: 4),
        Case(text: "Two persons, a woman and her young son, were killed by fragments.", killed: 2),
        // "N of them" as a clause's own subject is a count; after a comma, a subset.
        Case(text: "Two passers-by were wounded. One of them died of his wounds later.", killed: 1, injured: 2),
        Case(text: "The blast killed 12, six of them children.", killed: 12),
        Case(text: "Three guards, two of whom were Kenyan, were killed.", killed: 3),
        // Not skipped: an aside that restates the total, a clause the whole group is taken
        // back from, a clause crossed only at a list.
        Case(text: "Passengers on two buses, 45 people in all, were injured.", injured: 45),
        Case(text: "The plane, which had 157 people on board, crashed, killing all aboard.", killed: 157),
        Case(text: "The bus, which was heading to Kabul, was carrying 40 pilgrims, all of whom were killed.", killed: 40),
        Case(text: "The envoy, who had served in Paris, Rome and three other capitals, was killed.", killed: nil),
        Case(text: "The ambassador, whose number plate was 12, was killed.", killed: nil),
        Case(text: "Two soldiers, three policemen and a civilian, were killed.", killed: 3),
        Case(text: "The victims, who included 12 children, were killed in the shelling.", killed: 12),
        // An empty relative clause (a fuzzer's find: it trapped on an inverted range).
        Case(text: "Two guards, which, were killed.", killed: 2),
        Case(text: "Two guards, who, police said, were unarmed, were killed.", killed: 2),
        // Listing asides: ages are no items; lists with their own commas; two words of noun.
        Case(text: "Two soldiers, one of whom was 19, were killed.", killed: 2),
        Case(text: "Four people, including a boy of 12, were killed.", killed: 4),
        Case(text: "Sixteen people, 10 men, 4 women and 2 children, were killed.", killed: 16),
        Case(text: "Five UN peacekeepers, three Nepalese and two Indians, were killed.", killed: 5),
        Case(text: "Two guards, who had served in 12 missions, were all killed.", killed: 2),
        // "2 dozen" is 24; a group's size after a part of it is not the count.
        Case(text: "Three people died and at least 2 dozen were injured.", killed: 3, injured: 24),
        Case(text: "Two other members of the group of six were injured in falls.", injured: 2),
        Case(text: "A group of six hikers were injured.", injured: 6),
        // "a" after a place preposition is where the victims were, not one victim.
        Case(text: "At least 41 of the 93 passengers aboard a wooden whaleboat drowned.", killed: 41),
    ])
    func numberWords(_ example: Case) throws {
        try expectFigures(example)
    }

    @Test("a dashed aside before the verb is stepped over, whatever the dash", arguments: ["—", " - ", " -- "])
    func asides(dash: String) throws {
        let aside = "Shao Yunhuan of the Xinhua news agency and Xu Xinghu and his wife Zhu Ying of the Guangming Daily, who had lived in the city for years"
        try expectFigures(Case(text: "Three journalists\(dash)\(aside)\(dash)were killed.", killed: 3))
        // An age before the aside is no count: no killed figure is stated.
        try expectFigures(Case(text: "Officer Ruiz, 42\(dash)\(aside)\(dash)lost his life; two others were hurt.", injured: 2))
    }

    /// The casualty rule fires on `example` and reads exactly its figures.
    private func expectFigures(_ example: Case) throws {
        let found = try #require(alert(casualtyRule, example.text))
        #expect(found.fields.killed == example.killed, "killed from: \(example.text)")
        #expect(found.fields.injured == example.injured, "injured from: \(example.text)")
    }

    // One victim named without a number counts as 1 ("a man was killed"): the years,
    // ages, times, measures, labels, dates and money beside it never give the figure.
    @Test("numbers that are not counts of people are ignored", arguments: [
        Case(text: "In 2022 a man was killed.", killed: 1),
        Case(text: "A 34-year-old man was killed on Friday.", killed: 1),
        Case(text: "He was injured at 10:30 on Monday.", injured: 1),
        Case(text: "A man was killed 300 metres from the station.", killed: 1),
        Case(text: "Flight 8243 crashed and a passenger was killed.", killed: 1),
        Case(text: "A man was killed on 25 December.", killed: 1),
        Case(text: "The victim, 55, was killed instantly."),
        Case(text: "Guards were injured in a $2 million robbery."),
        Case(text: "In 2022 people were killed at 10:30 on 25 December, 300 metres from Gate 8243."),
        // "x5" counts only right after KIA/WIA, not as a car model.
        Case(text: "A BMW X5 was wrecked and the driver was killed."),
        Case(text: "Three BMW X5 drivers were injured.", injured: 3),
    ])
    func ignored(_ example: Case) throws {
        try expectFigures(example)
    }

    @Test("one victim named without a number counts as one", arguments: [
        Case(text: "A guard was killed in the attack.", killed: 1),
        Case(text: "A German embassy employee was killed.", killed: 1),
        Case(text: "A police officer was shot dead and a second was wounded.", killed: 1, injured: 1),
        Case(text: "A driver died in hospital on Wednesday.", killed: 1),
        Case(text: "In a statement, police said a woman had been injured.", injured: 1),
        Case(text: "She was slightly hurt.", injured: 1),
        Case(text: "A guard was killed and 12 others were wounded.", killed: 1, injured: 12),
        Case(text: "A blast killed people in the market."),
        Case(text: "A number of guards were wounded."),
        Case(text: "A third of the passengers died."),
        Case(text: "The family was killed in the strike."),
    ])
    func oneVictim(_ example: Case) throws {
        try expectFigures(example)
    }

    @Test("vague plurals escalate as lower bounds but give no figure")
    func escalation() throws {
        #expect(try #require(alert(casualtyRule, "Three people were killed.")).severity == .high)
        #expect(try #require(alert(casualtyRule, "Twelve people were killed.")).severity == .critical)
        let vague = try #require(alert(casualtyRule, "Dozens of people were killed."))
        #expect(vague.severity == .critical)
        #expect(vague.fields.killed == nil)
    }

    @Test("number words", arguments: [
        ("one", 1), ("twelve", 12), ("twenty", 20), ("twenty-three", 23), ("ninety-nine", 99),
    ])
    func words(word: String, value: Int) {
        #expect(NumberReader.wordValue(word) == value)
    }
}
