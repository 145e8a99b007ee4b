import Testing
@testable import IncidentCore

@Suite("Rules: negation, hypotheticals, figurative senses and scope")
struct CueTests {
    @Test("No staff casualties were reported raises nothing")
    func negatedCasualties() {
        #expect(alert(casualtyRule, "No staff casualties were reported.") == nil)
        #expect(alert(casualtyRule, "Nobody was hurt, police said.") == nil)
        #expect(alert(casualtyRule, "The building was evacuated without injuries.") == nil)
        #expect(alert(casualtyRule, "None of the guards were injured.") == nil)
        #expect(alert(casualtyRule, "All staff were reported safe and casualties were not reported.") == nil)
    }

    @Test("a terminator ends the negation's reach: no one killed but two injured")
    func terminator() throws {
        let found = try #require(alert(casualtyRule, "No one was killed but two were injured."))
        #expect(found.fields.killed == nil)
        #expect(found.fields.injured == 2)
        #expect(found.evidence.first?.terms == ["injured"])
    }

    @Test("pseudo-negation does not negate")
    func pseudo() {
        #expect(alert(casualtyRule, "The strike not only damaged homes but killed three people.") != nil)
        #expect(alert(missionRule, "There is no doubt the missile damaged the embassy.") != nil)
    }

    @Test("hypotheticals and threats raise nothing", arguments: [
        "Officials warned that the strike could cause casualties.",
        "Militants threatened to storm the embassy.",
        "A missile could hit the embassy district at any time.",
        "The group plans to attack the consulate and kill diplomats.",
        "The walls are designed to withstand a blast that would damage the embassy.",
    ])
    func hypothetical(text: String) {
        #expect(alerts(text).isEmpty, "fired on: \(text)")
    }

    @Test("figurative senses raise nothing", arguments: [
        "The row has badly damaged relations between the two countries, the embassy said.",
        "The consulate was the first casualty of the budget cuts.",
        "The sanctions hurt tourism, the embassy said.",
        "The embassy hit back at the criticism on Monday.",
    ])
    func figurative(text: String) {
        #expect(alerts(text).isEmpty, "fired on: \(text)")
    }

    @Test("damage only near a mission is not damage to it")
    func proximity() {
        #expect(alert(missionRule, "A blast 400 m from the embassy damaged several homes.") == nil)
        #expect(alert(missionRule, "A car bomb exploded near the consulate, damaging shops.") == nil)
    }

    @Test("other senses of mission and peacekeeping bases are not protected missions")
    func otherMissions() {
        #expect(alert(missionRule, "The trade mission's office was damaged by a storm.") == nil)
        #expect(alert(missionRule, "A rocket struck a UNIFIL peacekeeping base, damaging a watchtower.") == nil)
        #expect(alert(missionRule, "The spacecraft slammed into the asteroid, ending the space mission.") == nil)
    }

    @Test("natural deaths are not casualties")
    func naturalDeath() {
        #expect(alert(casualtyRule, "The former ambassador died of cancer at the age of 84.") == nil)
        #expect(alert(casualtyRule, "He died peacefully in his sleep.") == nil)
        #expect(alert(casualtyRule, "Former envoy dies at 87") == nil)
    }

    @Test("a natural death stated once explains the text's other mentions of a death")
    func naturalDeathSpreads() throws {
        let obituary = """
            The Ministry announces the death of Ambassador Rivero, head of mission since 2021.
            He died peacefully on Sunday at the residence after a long illness.
            """
        #expect(alert(casualtyRule, obituary) == nil)
        // Not to a death with its own figure, nor to killings.
        let raid = """
            Two brothers died during a security raid. Officials said one had died of heart failure.
            """
        #expect(try #require(alert(casualtyRule, raid)).fields.killed == 2)
        let bombing = """
            The ambassador died of a heart attack last year. On Monday a car bomb killed three guards.
            """
        #expect(try #require(alert(casualtyRule, bombing)).fields.killed == 3)
    }

    @Test("a yes/no question states nothing; a question about what happened does", arguments: [
        ("Was the embassy hit?", false),
        ("Q&A: Did the strike damage the consulate?", false),
        ("Has anyone been hurt?", false),
        ("Why was the embassy set on fire?", true),
        ("Who killed the two guards?", true),
    ])
    func questions(text: String, fires: Bool) {
        #expect(alerts(text).isEmpty != fires, "\(text)")
    }

    @Test("a clause after a mission and its place phrase is about the mission; after a date or another noun it is not", arguments: [
        ("The embassy in Kabul, which was looted in 2014, has been renovated.", true),
        ("The embassy building in the Gargaresh district, which was looted in 2014, was renovated.", true),
        ("The embassy condemned the strike in Gaza, which hit a school.", false),
        ("The delegation visited the embassy in March, which was damaged by floods.", false),
        ("The embassy on Friday, which was a holiday, stayed shut; a rocket hit a school.", false),
    ])
    func placePhrases(text: String, fires: Bool) {
        #expect((alert(missionRule, text) != nil) == fires, "\(text)")
    }

    @Test("figurative cues with `commas: stop` do not reach across a comma or a dash", arguments: [
        ("A drone hit the embassy, crippling its ability to issue visas.", true),
        ("A drone hit the embassy - crippling its ability to issue visas.", true),
        ("A missile hit the consulate, state news agency IRNA reported.", true),
        ("The sanctions had hit its ability to function, the embassy said.", false),
    ])
    func commaStops(text: String, fires: Bool) {
        #expect((alert(missionRule, text) != nil) == fires, "\(text)")
    }

    @Test("a section heading in a loss or situation report reports nothing; a headline does", arguments: [
        ("Injuries\nNo bodily injury reported. All 214 guests were evacuated safely.", false),
        ("3. Bodily injury / liability\nNone reported. The premises were unoccupied.", false),
        ("Embassy guard injured\nA guard was hurt by flying glass on Monday.", true),
        ("Casualties:\n- 2x WIA (PSD team), both stable.", true),
    ])
    func headings(text: String, fires: Bool) {
        #expect((alert(casualtyRule, text) != nil) == fires, "\(text)")
    }

    @Test("a figure, a sentence mark or a sixth word makes a line no heading", arguments: [
        "Weekly summary\n\n3 casualties\n", "Incident log\n\n3 deaths\n", "SITREP\n\nCasualties\n2 fatalities\n",
        "**Casualties.**\nTwo guards were hurt.\n", "Injuries. Two guards hurt\n",
        "Injuries and casualties and deaths and fatalities\n",
    ])
    func notHeadings(text: String) {
        #expect(alert(casualtyRule, text) != nil, "\(text)")
    }

    @Test("a semicolon or \"but that\" keeps a mission after it from pairing with damage before it", arguments: [
        ("Windows nearby had been smashed; the consulate itself was closed.", false),
        ("He said windows nearby had been smashed, but that the consulate itself had stayed open.", false),
        ("Shells hit the residential district but also the embassy of Qatar.", true),
        ("The missile struck not the ministry but the British embassy itself.", true),
    ])
    func clauseJoins(text: String, fires: Bool) {
        #expect((alert(missionRule, text) != nil) == fires, "\(text)")
    }

    @Test("real damage and casualties fire", arguments: [
        (missionRule, "A missile fell within the embassy's grounds and damaged its facilities."),
        (missionRule, "Protesters stormed the embassy and set part of the building ablaze."),
        (missionRule, "Looters ransacked the ICRC office and took its vehicles."),
        (missionRule, "Shelling damaged the UN compound in the city."),
        (missionRule, "The blast shattered windows at the Dutch embassy."),
        (casualtyRule, "Two guards were wounded in the attack."),
        (casualtyRule, "The death toll rose to 23."),
    ])
    func fires(rule: String, text: String) {
        #expect(alert(rule, text) != nil, "\(rule) did not fire on: \(text)")
    }

    @Test("--explain names the cue that ruled a candidate out")
    func explanation() throws {
        let text = "No staff casualties were reported."
        let result = Engine(rules: .builtin).explain(Document(name: "x.txt", text: text, sha256: ""))
        #expect(result.alerts.isEmpty)
        let rejection = try #require(result.rejections.first)
        #expect(rejection.rule == casualtyRule)
        #expect(rejection.reason == "negated")
        #expect(rejection.cue == "No")
        #expect(rejection.description.contains("negated by 'No' in: No staff casualties were reported."))
    }
}
